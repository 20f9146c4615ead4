/**
 * Stack traces that point at source: parsing V8 frames, making their paths project-relative, and
 * mapping frames of a built chunk through its source map (a real map, written by TypeScript).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { groupStackTrace } from '@/components/instance/stack-frames';
import { isInAppFile, normaliseStack, parseFrame, projectRelativeFile } from '@/lib/stack/frames';
import { projectStack } from '@/lib/stack/source-map';

const ROOT = '/srv/triggerboard';

describe('parseFrame', () => {
  it('reads the function, its alias and the location', () => {
    expect(parseFrame('    at Object.o [as handler] (/srv/triggerboard/.next/server/chunks/_1m0mz._.js:198:4139)')).toEqual({
      fn: 'Object.o [as handler]',
      location: { file: '/srv/triggerboard/.next/server/chunks/_1m0mz._.js', line: 198, column: 4139 },
      where: null,
    });
  });

  it('reads anonymous, async, native and node: frames', () => {
    expect(parseFrame('    at /srv/triggerboard/lib/x.ts:3:9')).toEqual({ fn: null, location: { file: '/srv/triggerboard/lib/x.ts', line: 3, column: 9 }, where: null });
    expect(parseFrame('    at async runOperation (node:internal/process/task_queues:95:5)')?.fn).toBe('async runOperation');
    expect(parseFrame('    at Number (<anonymous>)')).toEqual({ fn: 'Number', location: null, where: '<anonymous>' });
    expect(parseFrame('    at new Promise (<anonymous>)')?.fn).toBe('new Promise');
    expect(parseFrame('    at process.processImmediate (node:internal/timers:476:21)')?.location).toEqual({
      file: 'node:internal/timers',
      line: 476,
      column: 21,
    });
  });

  it('is null for lines that are no frames', () => {
    expect(parseFrame('TypeError: at the door')).toBeNull();
    expect(parseFrame('')).toBeNull();
  });
});

describe('projectRelativeFile', () => {
  it.each([
    ['/srv/triggerboard/lib/tasks/questionnaire.ts', 'lib/tasks/questionnaire.ts'],
    ['file:///srv/triggerboard/lib/tasks/questionnaire.ts', 'lib/tasks/questionnaire.ts'],
    ['file:///srv/triggerboard/lib/tasks/with%20space.ts', 'lib/tasks/with space.ts'],
    ['webpack-internal:///(rsc)/./lib/tasks/questionnaire.ts', 'lib/tasks/questionnaire.ts'],
    ['webpack:///./lib/tasks/questionnaire.ts', 'lib/tasks/questionnaire.ts'],
    ['turbopack:///[project]/lib/tasks/questionnaire.ts', 'lib/tasks/questionnaire.ts'],
    ['[project]/lib/tasks/questionnaire.ts', 'lib/tasks/questionnaire.ts'],
    // An unmapped chunk is still never shown with the absolute build folder.
    ['/srv/triggerboard/.next/server/chunks/_1m0mz._.js', '.next/server/chunks/_1m0mz._.js'],
    ['/srv/triggerboard/node_modules/next/dist/server/x.js', 'node_modules/next/dist/server/x.js'],
    ['node:internal/timers', 'node:internal/timers'],
    ['/usr/lib/node/elsewhere.js', '/usr/lib/node/elsewhere.js'],
    ['C:\\srv\\app\\lib\\x.ts', 'lib/x.ts'],
  ])('%s → %s', (file, expected) => {
    expect(projectRelativeFile(file, file.startsWith('C:') ? 'C:\\srv\\app' : ROOT)).toBe(expected);
  });

  it('does not strip a folder that only starts like the root', () => {
    expect(projectRelativeFile('/srv/triggerboard-old/lib/x.ts', ROOT)).toBe('/srv/triggerboard-old/lib/x.ts');
  });
});

describe('isInAppFile', () => {
  it('is true for the project’s files only', () => {
    expect(isInAppFile('lib/tasks/questionnaire.ts')).toBe(true);
    expect(isInAppFile('app/page.tsx')).toBe(true);
    for (const file of ['node_modules/next/dist/x.js', 'node:internal/timers', '.next/server/chunks/a.js', '/usr/lib/x.js', 'file:///x.js', '[turbopack]/runtime.ts']) {
      expect(isInAppFile(file), file).toBe(false);
    }
  });
});

describe('normaliseStack', () => {
  it('rewrites every frame and keeps the other lines', () => {
    const stack = [
      'TypeError: no browser',
      '    at Object.collectBrowserMetadata [as handler] (file:///srv/triggerboard/lib/tasks/questionnaire.ts:58:11)',
      '    at callHandler (/srv/triggerboard/lib/triggers/execution.ts:111:39)',
      '    at Number (<anonymous>)',
      '    at async Promise.all (index 0)',
      '  [cause]: Error: inner',
    ].join('\n');
    expect(normaliseStack(stack, { root: ROOT })).toBe(
      [
        'TypeError: no browser',
        '    at Object.collectBrowserMetadata [as handler] (lib/tasks/questionnaire.ts:58:11)',
        '    at callHandler (lib/triggers/execution.ts:111:39)',
        '    at Number (<anonymous>)',
        '    at async Promise.all (index 0)',
        '  [cause]: Error: inner',
      ].join('\n'),
    );
  });
});

describe('projectStack through a source map', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'triggerboard-srcmap-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  /**
   * A "chunk" compiled from lib/tasks/demo.ts into .next/server/chunks with its map (external, with
   * sources relative to the map as Turbopack writes them, or inline with a `[project]` URL), and the
   * frame V8 would print for the `.indexOf` call in it. (Not imported: the test runner would apply
   * the map itself.)
   */
  function buildChunk(name: string, inline: boolean): string {
    const source = ['export function importSubject(input: { email?: string }): string {', '  const at = input.email!.indexOf("@");', '  return String(at);', '}', ''].join('\n');
    const out = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, sourceMap: !inline, inlineSourceMap: inline },
      fileName: 'demo.ts',
    });
    const chunks = path.join(root, '.next', 'server', 'chunks');
    mkdirSync(chunks, { recursive: true });
    const file = path.join(chunks, `${name}.js`);
    let code = out.outputText.replace(/\/\/# sourceMappingURL=.*$/m, '');
    if (inline) {
      const map = JSON.parse(Buffer.from(/base64,(\S+)/.exec(out.outputText)![1]!, 'base64').toString('utf8'));
      map.sources = ['turbopack:///[project]/lib/tasks/demo.ts'];
      code += `//# sourceMappingURL=data:application/json;base64,${Buffer.from(JSON.stringify(map)).toString('base64')}\n`;
    } else {
      const map = JSON.parse(out.sourceMapText!);
      map.sources = ['../../../lib/tasks/demo.ts'];
      writeFileSync(`${file}.map`, JSON.stringify(map));
      code += `//# sourceMappingURL=${path.basename(file)}.map\n`;
    }
    writeFileSync(file, code);
    const lines = code.split('\n');
    const line = lines.findIndex((l) => l.includes('.indexOf('));
    return `    at importSubject (${file}:${line + 1}:${lines[line]!.indexOf('indexOf') + 1})`;
  }

  it.each([
    ['an external map', false],
    ['an inline map', true],
  ])('maps a chunk frame to lib/… with %s', (_, inline) => {
    const error = new TypeError("Cannot read properties of undefined (reading 'indexOf')");
    error.stack = `${error.name}: ${error.message}\n${buildChunk(inline ? 'inline' : 'external', inline)}\n    at runNextTicks (node:internal/process/task_queues:60:5)`;
    expect(error.stack).toContain(`${root}/.next/server/chunks`);
    expect(projectStack(error, { root }).split('\n').slice(1)).toEqual([
      '    at importSubject (lib/tasks/demo.ts:2:27)',
      '    at runNextTicks (node:internal/process/task_queues:60:5)',
    ]);
  });

  it('takes file:// URLs of chunks too', () => {
    const frame = buildChunk('url', false).replace(/\((.*?):(\d+):(\d+)\)/, (_, file, l, c) => `(${pathToFileURL(file).href}:${l}:${c})`);
    const error = new Error('x');
    error.stack = `Error: x\n${frame}`;
    expect(projectStack(error, { root })).toBe('Error: x\n    at importSubject (lib/tasks/demo.ts:2:27)');
  });

  it('leaves a chunk without a map relative, never absolute', () => {
    const error = new Error('x');
    error.stack = `Error: x\n    at o (${root}/.next/server/chunks/missing.js:1:2)`;
    expect(projectStack(error, { root })).toBe('Error: x\n    at o (.next/server/chunks/missing.js:1:2)');
  });
});

describe('groupStackTrace (the instance page)', () => {
  const trace = [
    'TypeError: Cannot convert object to primitive value',
    '    at Number (<anonymous>)',
    '    at Object.importSubject [as handler] (lib/tasks/questionnaire.ts:35:17)',
    '    at callHandler (lib/triggers/execution.ts:111:39)',
    '    at runNextTicks (node:internal/process/task_queues:60:5)',
    '    at async TriggerManager.runInstance (lib/triggers/manager.ts:232:5)',
  ].join('\n');

  it('keeps the handler frame in view, in app and copyable, and folds the engine and Node', () => {
    const groups = groupStackTrace(trace);
    expect(groups.map((g) => g.kind)).toEqual(['header', 'app', 'framework']);
    const app = groups[1]!;
    expect(app.kind === 'app' && app.frames.map((f) => [f.fn, f.location, f.inApp])).toEqual([
      ['Number', '<anonymous>', false],
      ['Object.importSubject [as handler]', 'lib/tasks/questionnaire.ts:35:17', true],
    ]);
    expect(groups[2]!.kind === 'framework' && groups[2]!.frames).toHaveLength(3);
  });

  it('shows old traces (absolute paths, file:// URLs) relative too', () => {
    const groups = groupStackTrace('Error: x\n    at handleIt (file:///srv/triggerboard/lib/tasks/x.ts:1:2)\n    at y (webpack-internal:///(rsc)/./lib/tasks/y.ts:3:4)');
    const app = groups[1]!;
    expect(app.kind === 'app' && app.frames.map((f) => f.location)).toEqual(['/srv/triggerboard/lib/tasks/x.ts:1:2', 'lib/tasks/y.ts:3:4']);
  });

});

describe('normaliseStack of a data: module URL', () => {
  it('a frame in a data: module URL names the file only, never the embedded source', () => {
    const source = encodeURIComponent('__filename="/srv/tasks/leaky.ts";(()=>{var secret=1;})()');
    const stack = [
      'Error: boom',
      `    at Object.handler (data:text/javascript,${source}?filePath=%2Fsrv%2Ftasks%2Fleaky.ts%3Fnamespace%3D0b24:2:1013)`,
      `    at Object.other (data:text/javascript,${source}:1:5)`,
    ].join('\n');
    expect(normaliseStack(stack, { root: ROOT })).toBe(
      ['Error: boom', '    at Object.handler (/srv/tasks/leaky.ts)', '    at Object.other (<data: URL>)'].join('\n'),
    );
  });
});

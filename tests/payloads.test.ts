import { describe, expect, it } from 'vitest';
import { HIDDEN_TEXT, hideDebugReprPayloads, hideInstancePayloads, hidePayloadKeys, privacyFor } from '@/lib/auth/payloads';
import type { TaskInstance } from '@/lib/triggers';

const secret = 'ada@example.com';
const instance: TaskInstance = {
  name: 't_import#0',
  task: 't_import',
  status: 'failed',
  kwargs: { firstPage: { email: secret } },
  abandonState: [],
  metadata: {
    actualKwargs: { firstPage: { email: secret } },
    result: { email: secret },
    exceptionType: 'ValidationError',
    exceptionMessage: `no subject "${secret}" (id 0041791234567) in 't_import#0'`,
    exceptionInfo: `ValidationError: no subject "${secret}" (id 0041791234567) in 't_import#0'\n    at importSubject (/app/lib/tasks/questionnaire.ts:54:11)`,
    exceptionContext: { email: secret },
    timestamps: { created: '2026-11-27T10:00:00.000Z', lastModified: '2026-11-27T10:00:00.000Z' },
  },
};

describe('hiding payloads from viewers', () => {
  it('an instance keeps its trigger names, status, exception type and times, and loses what customers sent', () => {
    const shown = hideInstancePayloads(instance);
    expect(JSON.stringify(shown)).not.toContain(secret);
    expect(Object.keys(shown.kwargs)).toEqual(['firstPage']);
    expect(shown.kwargs.firstPage).toEqual({ hidden: HIDDEN_TEXT });
    expect(shown.metadata).toMatchObject({ exceptionType: 'ValidationError', timestamps: { created: '2026-11-27T10:00:00.000Z' } });
    expect(shown.status).toBe('failed');
    expect(instance.kwargs.firstPage).toEqual({ email: secret }); // the original is not changed
  });

  it("an instance's exception message and stack are redacted, keeping the instance's own name (frames: paths inside the app)", () => {
    const { metadata } = hideInstancePayloads(instance);
    expect(metadata.exceptionMessage).toBe(`no subject "[value]" (id [number]) in 't_import#0'`);
    expect(metadata.exceptionInfo).toBe(
      `ValidationError: no subject "[value]" (id [number]) in 't_import#0'\n    at importSubject (lib/tasks/questionnaire.ts:54:11)`,
    );
  });

  it('a debug snapshot hides every instance payload and the latest kwargs', () => {
    const { name: _name, ...stored } = instance;
    const repr = { tasks: { t_import: { run: 'import' } }, instances: { 't_import#0': stored }, metas: { latestKwargs: { firstPage: { email: secret } } } };
    const shown = hideDebugReprPayloads(repr);
    expect(JSON.stringify(shown)).not.toContain(secret);
    expect(shown.tasks).toEqual(repr.tasks);
    expect(Object.keys(shown.instances)).toEqual(['t_import#0']);
    expect((shown.instances['t_import#0'] as { status: string }).status).toBe('failed');
  });

  it('audit inputs and journal data keep reasons and names, hide kwargs and results', () => {
    const input = { trigger: 'firstPage', kwargs: { email: secret }, reason: 'resend', replacementKwargs: null };
    expect(hidePayloadKeys(input)).toEqual({ trigger: 'firstPage', kwargs: { hidden: HIDDEN_TEXT }, reason: 'resend', replacementKwargs: null });
    const data = {
      from: 'running',
      to: 'failed',
      metadata: { set: { exceptionType: 'ValidationError', exceptionMessage: `unknown ${secret} in 't_import#0'`, result: { email: secret } }, removed: [] },
    };
    const shown = hidePayloadKeys(data, ['t_import#0', 't_import']);
    expect(JSON.stringify(shown)).not.toContain(secret);
    expect(shown).toMatchObject({
      from: 'running',
      to: 'failed',
      metadata: { set: { exceptionType: 'ValidationError', exceptionMessage: `unknown [email] in 't_import#0'` }, removed: [] },
    });
  });

  it("a task's withParams and custom directives are hidden (snapshot, audit input, journal), its wiring stays", () => {
    const task = { after: ['firstPage'], run: 'import', unless: [], andEvery: null, using: null, withParams: { crm: { email: secret } }, extra: { owner: secret } };
    const hiddenTask = { ...task, withParams: { crm: { hidden: HIDDEN_TEXT } }, extra: { owner: { hidden: HIDDEN_TEXT } } };
    const repr = hideDebugReprPayloads({ tasks: { t_import: task }, instances: {}, metas: { latestKwargs: {} } });
    expect(repr.tasks).toEqual({ t_import: hiddenTask });

    const audit = hidePayloadKeys({ configuration: { t_import: { after: ['firstPage'], run: 'import', withParams: { crm: { email: secret } }, owner: secret } } });
    expect(audit).toEqual({ configuration: { t_import: { after: ['firstPage'], run: 'import', withParams: { crm: { hidden: HIDDEN_TEXT } }, owner: { hidden: HIDDEN_TEXT } } } });

    const journal = hidePayloadKeys({ added: [{ name: 't_import', after: task }], changed: [{ name: 't_other', before: task, after: task }], unchanged: 0 });
    expect(JSON.stringify(journal)).not.toContain(secret);
    expect(journal).toEqual({ added: [{ name: 't_import', after: hiddenTask }], changed: [{ name: 't_other', before: hiddenTask, after: hiddenTask }], unchanged: 0 });
  });
});

describe('privacyFor: the decision the edge passes to the services', () => {
  it.each([
    ['viewer', true, true],
    ['operator', true, false],
    ['admin', true, false],
    ['viewer', false, false],
  ] as const)('a %s under HIDE_PAYLOADS_FROM_VIEWERS=%s: hidePayloads %s', (role, setting, hidden) => {
    expect(privacyFor({ role }, setting)).toEqual({ hidePayloads: hidden });
  });

  it('nobody signed in gets the strictest view', () => {
    expect(privacyFor(null, true)).toEqual({ hidePayloads: true });
  });
});

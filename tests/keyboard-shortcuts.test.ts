import { describe, expect, it } from 'vitest';
import { shortcutFor, SHORTCUTS, type KeyPress } from '@/components/keyboard/keys';
import { EDITOR_KEYS_HINT } from '@/components/recovery/editor-keyboard';
import { carriedInbox, inboxQuery, instanceFromInboxHref, nextFailureHref, parseInboxQuery } from '@/lib/failed/url';

const press = (key: string, mods: Partial<Omit<KeyPress, 'key'>> = {}): KeyPress => ({ key, ctrlKey: false, metaKey: false, altKey: false, ...mods });

describe('keyboard shortcuts: which key does what', () => {
  it.each([
    ['j', 'down'],
    ['k', 'up'],
    ['Enter', 'open'],
    ['r', 'replay'],
    ['s', 'skip'],
    ['e', 'edit'],
    ['n', 'next'],
    ['?', 'help'],
  ])('%s → %s when not typing', (key, action) => {
    expect(shortcutFor(press(key), false)).toBe(action);
  });

  it('single keys do nothing while typing (inputs, textareas, the editor); Ctrl/Cmd+Enter submits everywhere', () => {
    for (const key of ['j', 'k', 'Enter', 'r', 's', 'e', 'n', '?']) expect(shortcutFor(press(key), true)).toBeNull();
    expect(shortcutFor(press('Enter', { ctrlKey: true }), true)).toBe('submit');
    expect(shortcutFor(press('Enter', { metaKey: true }), true)).toBe('submit');
    expect(shortcutFor(press('Enter', { metaKey: true }), false)).toBe('submit');
  });

  it('keys held with a modifier stay the browser’s (Ctrl+R reloads, Ctrl+K is the palette’s); other keys are ignored', () => {
    expect(shortcutFor(press('r', { ctrlKey: true }), false)).toBeNull();
    expect(shortcutFor(press('k', { metaKey: true }), false)).toBeNull();
    expect(shortcutFor(press('j', { altKey: true }), false)).toBeNull();
    expect(shortcutFor(press('Enter', { ctrlKey: true, altKey: true }), false)).toBeNull();
    for (const key of ['J', 'x', 'Tab', 'Escape', '/', 'constructor', 'toString']) expect(shortcutFor(press(key), false)).toBeNull();
  });

  it('the ? dialog lists every shortcut, the palette and search included', () => {
    const keys = SHORTCUTS.flatMap((s) => s.keys);
    for (const key of ['j', 'k', 'Enter', 'r', 's', 'e', 'Ctrl+Enter', '⌘+Enter', 'Esc', 'n', '?', '/', 'Ctrl+K', '⌘+K']) expect(keys).toContain(key);
    expect(EDITOR_KEYS_HINT).toBe('Tab indents · Esc then Tab to leave · Ctrl+Enter to submit');
  });
});

describe('the inbox filter carried to instance pages and the next failure', () => {
  it('keeps the filter, drops view, page and size; anything invalid falls back', () => {
    const query = inboxQuery({ task: 't_importSubject', type: 'ValidationError', view: 'groups', cursor: 'abc', limit: 5 });
    expect(query).toBe('task=t_importSubject&type=ValidationError');
    expect(parseInboxQuery(query)).toMatchObject({ task: 't_importSubject', type: 'ValidationError', cursor: undefined, limit: undefined });
    expect(inboxQuery(parseInboxQuery('age=forever&view=groups&session=q-'))).toBe('session=q-');
    expect(carriedInbox(undefined)).toBeNull();
    expect(carriedInbox(['age=day', 'x'])).toBe('age=day');
    expect(carriedInbox('x'.repeat(3000))).toBeNull();
    expect(carriedInbox('')).toBe('');
  });

  it('builds the links with every part encoded', () => {
    expect(instanceFromInboxHref('q#1', 't_a#0', 'type=TypeError')).toBe('/sessions/q%231/instances/t_a%230?inbox=type%3DTypeError');
    expect(instanceFromInboxHref('q', 't#0', null)).toBe('/sessions/q/instances/t%230');
    expect(instanceFromInboxHref('q', 't#0', '')).toBe('/sessions/q/instances/t%230?inbox=');
    expect(nextFailureHref('task=t', 'q&1', 't#0')).toBe('/failed/next?inbox=task%3Dt&uid=q%261&name=t%230');
  });
});

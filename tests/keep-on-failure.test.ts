import { redirect } from 'next/navigation';
import { describe, expect, it } from 'vitest';
import { keepFormOnFailure } from '@/components/ui/keep-on-failure';
import type { FormState } from '@/lib/actions/run-action';

describe('a failed server action call becomes the form error state (the typed text stays)', () => {
  it('a thrown call (the proxy 413 reaches the client as "An unexpected response…") is the form message', async () => {
    const action = keepFormOnFailure<FormState, FormData>(() => Promise.reject(new Error('An unexpected response was received from the server.')));
    expect(await action(null, new FormData())).toEqual({
      ok: false,
      message: 'The server refused the request: An unexpected response was received from the server. Nothing was changed; your text is kept.',
    });
  });

  it('the action own answer passes through', async () => {
    const action = keepFormOnFailure<FormState, FormData>(async () => ({ ok: false, message: 'Reason is required.' }));
    expect(await action(null, new FormData())).toEqual({ ok: false, message: 'Reason is required.' });
  });

  it('a redirect (a successful replay going to its clone) is not swallowed', async () => {
    const action = keepFormOnFailure<FormState, FormData>(async () => redirect('/sessions/s/instances/t%231'));
    await expect(action(null, new FormData())).rejects.toMatchObject({ digest: expect.stringMatching(/^NEXT_REDIRECT/) });
  });
});

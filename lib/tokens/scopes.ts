/** API token scopes and what each allows: plain data, shared by the server, the forms and the CLI. */
export const API_SCOPES = ['read', 'operate'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

/** What a token of each scope may do, in the words the create form and `token:create --help` use. */
export const SCOPE_DESCRIPTIONS: Record<ApiScope, string> = {
  read: 'reads sessions, instances, snapshots and the failed inbox, like a viewer (changes nothing)',
  operate: 'also creates and configures sessions, fires triggers, replays and skips, like an operator',
};

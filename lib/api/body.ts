/**
 * Reading a JSON request body for /api/v1, bounded: the size is checked while streaming (a
 * missing or lying Content-Length changes nothing), then the text gets the dashboard's JSON
 * checks (depth, syntax with line and column, values that cannot be stored as written).
 */
import { describeJsonError, MAX_JSON_BYTES, MAX_JSON_DEPTH, tooDeepAt, unstorableValue } from '@/lib/validations/json-field';
import { problemResponse } from './problem';

/** Largest body accepted: the dashboard's limit for one JSON field. */
export const MAX_BODY_BYTES = MAX_JSON_BYTES;

export type BodyRead =
  /** `value` is undefined for an empty body; `text` is what was sent (for the idempotency hash). */
  | { ok: true; text: string; value: unknown }
  | { ok: false; response: Response };

const refused = (response: Response): BodyRead => ({ ok: false, response });

function isJsonType(contentType: string): boolean {
  const [type, ...parameters] = contentType.split(';').map((part) => part.trim().toLowerCase());
  // The body is read as UTF-8 (JSON's only encoding, RFC 8259): another declared charset is refused.
  const charset = parameters.find((p) => p.startsWith('charset='))?.slice('charset='.length).replace(/^"|"$/g, '');
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') return false;
  return type === 'application/json' || /^application\/[\w.+-]+\+json$/.test(type!);
}

/** The body's bytes, or null as soon as they exceed `limit` (the rest is not read). */
async function boundedBytes(request: Request, limit: number): Promise<Uint8Array | null> {
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

const tooLarge = () => problemResponse('payload-too-large', `The request body is larger than ${MAX_BODY_BYTES / 1_000_000} MB, the most this API accepts. Nothing was changed.`);

/** Reads and checks the body of a request that takes JSON. Call it only after authenticating. */
export async function readJsonBody(request: Request, limit = MAX_BODY_BYTES): Promise<BodyRead> {
  const contentType = request.headers.get('content-type');
  if (contentType !== null && !isJsonType(contentType)) {
    return refused(problemResponse('unsupported-media-type', `The body must be JSON (Content-Type: application/json), not ${contentType.slice(0, 100)}. Nothing was changed.`));
  }
  const declared = Number(request.headers.get('content-length') ?? '');
  if (Number.isFinite(declared) && declared > limit) return refused(tooLarge());
  const bytes = await boundedBytes(request, limit);
  if (bytes === null) return refused(tooLarge());
  if (bytes.byteLength > 0 && contentType === null) {
    return refused(problemResponse('unsupported-media-type', 'The body must be sent with Content-Type: application/json. Nothing was changed.'));
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return refused(problemResponse('invalid-json', 'The body is not valid UTF-8. Nothing was changed.'));
  }
  if (text.trim() === '') return { ok: true, text: '', value: undefined };
  const deep = tooDeepAt(text);
  if (deep >= 0) return refused(problemResponse('invalid-json', `The body nests deeper than ${MAX_JSON_DEPTH} levels: flatten it. Nothing was changed.`));
  const syntax = describeJsonError(text);
  if (syntax) return refused(problemResponse('invalid-json', `The body is not valid JSON at ${syntax}. Nothing was changed.`));
  const unstorable = unstorableValue(text, 'body');
  if (unstorable) {
    const [path, ...rest] = unstorable.split(': ');
    const field = (path ?? '').replace(/^body\.?/, '');
    return refused(problemResponse('validation', `Nothing was changed: ${unstorable}`, { errors: [{ path: field, message: rest.join(': ') }] }));
  }
  const value = JSON.parse(text) as unknown;
  const proto = protoKeyAt(value);
  if (proto !== null) {
    const message = 'A key cannot be `__proto__` (it would be dropped unseen): choose another name.';
    return refused(problemResponse('validation', `Nothing was changed: ${proto || 'body'}: ${message}`, { errors: [{ path: proto, message }] }));
  }
  return { ok: true, text, value };
}

/**
 * The dotted path of the first `__proto__` key in a parsed body, or null. JSON.parse keeps it as
 * an own key, but every object copy (zod's parsing included) drops it: a task or trigger so named
 * would vanish without a word.
 */
function protoKeyAt(value: unknown, path: string[] = []): string | null {
  if (value === null || typeof value !== 'object') return null;
  for (const [key, child] of Object.entries(value)) {
    if (key === '__proto__') return [...path, key].join('.');
    const found = protoKeyAt(child, [...path, key]);
    if (found !== null) return found;
  }
  return null;
}

// Shared by the API and end-to-end tests: where the runtime is, valid identity numbers.
export const BASE = process.env.WANGBAN_URL ?? "http://127.0.0.1:8787";
export const FIXTURES = process.env.WANGBAN_FIXTURES ?? new URL("../../target/fixtures", import.meta.url).pathname;
export const OUTPUT = process.env.WANGBAN_OUTPUT ?? new URL("../output", import.meta.url).pathname;

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = "10X98765432";

/** Completes 17 digits with their GB 11643 check character. */
export function withCheckDigit(first17) {
  const sum = [...first17].reduce((s, c, i) => s + Number(c) * WEIGHTS[i], 0);
  return first17 + CHECK[sum % 11];
}

export async function postJson(path, body, headers = {}) {
  const resp = await fetch(BASE + path, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await resp.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON: asserted by the caller */ }
  return { status: resp.status, json, text, headers: resp.headers };
}

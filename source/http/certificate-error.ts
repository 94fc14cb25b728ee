// A TLS certificate the client cannot verify is not a network hiccup: retrying cannot help, and
// the handshake fails before any request is sent. Both clients report it at once, with the ways
// out, instead of backing off for half a minute.

// Node/OpenSSL codes for "this certificate is not one we can trust for this host".
const CERTIFICATE_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REVOKED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** "self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT)" when `error` is one; else undefined. */
export function certificateProblem(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && CERTIFICATE_CODES.has(code)) {
      const message = e instanceof Error ? e.message : code;
      return message.includes(code) ? message : `${message} (${code})`;
    }
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

export function certificateHint(variable: 'SPLYNX_INSECURE_TLS' | undefined): string {
  return [
    'Give the server a certificate this machine trusts, or point NODE_EXTRA_CA_CERTS at the PEM file of the CA that signed it.',
    variable
      ? `If you trust this server as it is, set ${variable}=1: s2s then connects without verifying and warns on every run.`
      : '',
  ]
    .filter(Boolean)
    .join(' ');
}

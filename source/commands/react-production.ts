// Imported first by the terminal app, before React and Ink load: React picks its build from
// NODE_ENV when it is first required, and its development build (extra checks and warnings on
// every render) cost the app a fifth of its throughput against a headless run. A NODE_ENV set
// by the caller (tests, a developer) is kept.
process.env.NODE_ENV ??= 'production';

// The ESM build of fast-json-patch has no .d.mts of its own; it exports what the package's types declare.
declare module 'fast-json-patch/index.mjs' {
  export * from 'fast-json-patch';
}

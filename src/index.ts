// Public entry point of `kstreams`: the Streams library (re-exports only).
export * from './streams/index.js';

// Public entry point of kstreams/test-utils: re-exports only.
export {};

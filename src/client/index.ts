// Public entry point of kstreams/client: re-exports only.
export {};

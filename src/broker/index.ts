// Public entry point of kstreams/broker: re-exports only.
export {};

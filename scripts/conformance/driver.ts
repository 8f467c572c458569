// The driver the conformance runner uses. TEMPORARY: the mini engine, until the core driver lands.
export { miniDriverFactory as driverFactory } from './dev/mini-driver.js';

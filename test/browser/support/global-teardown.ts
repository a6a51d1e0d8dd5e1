// Stops what the global setup started; a no-op when the int project's teardown already did.
export { default } from '../../support/global-teardown';

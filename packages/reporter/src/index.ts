export { HeadroomError, type ErrorCategory } from './errors.js';

// The tests' polling helper: the project's one waitFor, which lives with the server launchers
// (scripts/lib/wait.ts) because `npm start` uses it too and must not import from test/.
export { waitFor, type WaitOptions } from '../../scripts/lib/wait';

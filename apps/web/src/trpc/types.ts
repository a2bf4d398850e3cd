// What each procedure takes and returns, inferred from the API's router: never copied by hand.
export type { RouterInputs, RouterOutputs } from '@allocation/api';

// `node:module` in the classroom bundle (see src/scenario/sandbox.ts): the only thing the core's
// scenario layer requires is mathjs (its `all` and `create`), which the bundle carries.
import { all, create } from 'mathjs';

export function createRequire(_from: string): (id: string) => unknown {
  return (id) => {
    if (id !== 'mathjs') throw new Error(`the classroom bundle cannot require ${id}`);
    return { all, create };
  };
}

/**
 * Types for pure-rand 8's subpath exports, which this project's moduleResolution ("node") does not
 * read from its package.json "exports" (Node, jest and webpack do resolve them at run time).
 */
declare module 'pure-rand/generator/xoroshiro128plus' {
  export interface JumpableRandomGenerator {
    clone(): JumpableRandomGenerator;
    /** Next value, uniform on -2^31 .. 2^31 - 1; alters the generator. */
    next(): number;
    getState(): readonly number[];
    jump(): void;
  }
  export function xoroshiro128plus(seed: number): JumpableRandomGenerator;
}

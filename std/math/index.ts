// Checked integer and decimal math with cosmwasm-std's semantics and error texts.
export { Uint128 } from "./uint128";
export { Uint256 } from "./uint256";
export { Decimal } from "./decimal";

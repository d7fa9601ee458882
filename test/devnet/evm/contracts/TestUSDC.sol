// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import "./CircleUSDC.sol";

/// @notice The devnet's "h402-compatible EIP-3009 token": Circle's interface plus the view h402's
/// facilitator calls before it accepts an `authorization` payload
/// (bit-gpt/h402 typescript/packages/h402/src/schemes/exact/evm/facilitator.ts). No deployed
/// stablecoin has it; it is here so that h402's authorization path can be paid end to end.
contract TestUSDC is CircleUSDC {
    /// @notice Whether `signature` authorizes this transfer and its nonce is still unused.
    function verifyTransferAuthorization(
        address from,
        address to,
        uint256 value,
        uint256 validAfter,
        uint256 validBefore,
        bytes32 nonce,
        bytes memory signature
    ) external view returns (bool) {
        bytes32 structHash =
            keccak256(abi.encode(TRANSFER_WITH_AUTHORIZATION_TYPEHASH, from, to, value, validAfter, validBefore, nonce));
        return !_authorizationStates[from][nonce] && _isValidSignature(from, _digest(structHash), signature);
    }
}

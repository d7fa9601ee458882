// Hardhat 2 reads only CommonJS configs and the package is "type": "module", hence .cjs.
// The devnet passes `--config` pointing here; contracts are compiled by solc-js in compile.ts,
// never by Hardhat (whose compile step would try to download a compiler).
const path = require('node:path')

module.exports = {
  networks: {
    hardhat: {
      chainId: 31337,
      // Without this every automined block is at least one second after the previous one, and a
      // busy test run pushes chain time minutes ahead of the wall clock that EIP-3009 windows use.
      allowBlocksWithSameTimestamp: true,
      mining: { auto: true },
      accounts: { count: 20 },
    },
  },
  paths: {
    cache: path.join(__dirname, '..', '.cache', 'hardhat'),
    artifacts: path.join(__dirname, '..', '.cache', 'hardhat-artifacts'),
  },
}

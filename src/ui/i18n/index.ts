// biome-ignore-all lint/performance/noBarrelFile: the i18n entry of the UI
// Spanish and Chinese are not here: they load on demand (`loadCatalog`), or an app imports
// them from `@h402/paywall/locales/es` and `/zh` to pass as `messages`.
export {
  createTranslator,
  type H402MessageOverrides,
  type H402Translate,
} from './createTranslator.js'
export { en, type H402MessageKey, type H402Messages } from './en.js'
export { formatLocalizedAmount } from './formatLocalizedAmount.js'
export { loadCatalog } from './loadCatalog.js'

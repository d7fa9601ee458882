// biome-ignore-all lint/performance/noBarrelFile: the i18n entry of the UI
export { catalogs, getCatalog } from './catalogs.js'
export {
  createTranslator,
  type H402MessageOverrides,
  type H402Translate,
} from './createTranslator.js'
export { en, type H402MessageKey, type H402Messages } from './en.js'
export { es } from './es.js'
export { formatLocalizedAmount } from './formatLocalizedAmount.js'
export { zh } from './zh.js'

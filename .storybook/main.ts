import type { StorybookConfig } from '@storybook/react-vite'
import tailwindcss from '@tailwindcss/vite'
import { mergeConfig } from 'vite'
import { readDevnetForStorybook } from './readDevnetForStorybook.js'

const config: StorybookConfig = {
  stories: [
    '../stories/**/*.mdx',
    '../stories/**/*.stories.@(ts|tsx)',
    '../src/**/*.stories.@(ts|tsx)',
  ],
  addons: ['@storybook/addon-vitest', '@storybook/addon-a11y', '@storybook/addon-docs'],
  framework: '@storybook/react-vite',
  core: { disableTelemetry: true },
  // Demo files under demo/ import from test/devnet only for types; nothing else is served.
  async viteFinal(viteConfig, { configType }) {
    return mergeConfig(viteConfig, {
      plugins: [tailwindcss()],
      define: { __H402_DEVNET__: JSON.stringify(readDevnetForStorybook(configType)) },
    })
  },
}

export default config

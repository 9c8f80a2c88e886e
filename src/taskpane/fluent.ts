/**
 * Fluent UI web components (v2, Microsoft's design language for Office add-ins), registered once with
 * the design tokens the pane uses. Part of the lazily loaded UI chunk, never of functions.js.
 */
import {
  accentBaseColor,
  baseLayerLuminance,
  bodyFont,
  controlCornerRadius,
  fluentBadge,
  fluentButton,
  fluentCard,
  fluentDivider,
  fluentProgressRing,
  fluentSearch,
  fluentTab,
  fluentTabPanel,
  fluentTabs,
  fluentTextField,
  layerCornerRadius,
  provideFluentDesignSystem,
  StandardLuminance,
  SwatchRGB,
} from '@fluentui/web-components';

/** Segoe UI where Office runs; the platform's UI font elsewhere. */
export const FONT_STACK =
  '"Segoe UI", "Segoe UI Web (West European)", -apple-system, BlinkMacSystemFont, Roboto, "Helvetica Neue", sans-serif';

/** Office's communication blue, the accent of Office add-ins. */
const ACCENT = SwatchRGB.create(0x0f / 255, 0x6c / 255, 0xbd / 255);

let registered = false;

/** Registers the Fluent elements (idempotent) and sets the tokens on `root` (light or dark). */
export function setUpFluent(root: HTMLElement, dark = false): void {
  if (!registered) {
    provideFluentDesignSystem().register(
      fluentBadge(),
      fluentButton(),
      fluentCard(),
      fluentDivider(),
      fluentProgressRing(),
      fluentSearch(),
      fluentTab(),
      fluentTabPanel(),
      fluentTabs(),
      fluentTextField(),
    );
    registered = true;
  }
  bodyFont.setValueFor(root, FONT_STACK);
  accentBaseColor.setValueFor(root, ACCENT);
  baseLayerLuminance.setValueFor(root, dark ? StandardLuminance.DarkMode : StandardLuminance.LightMode);
  controlCornerRadius.setValueFor(root, 4);
  layerCornerRadius.setValueFor(root, 8);
}

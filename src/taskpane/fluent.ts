/**
 * Fluent UI web components (v2, Microsoft's design language for Office add-ins), registered once with
 * the design tokens the pane uses. Part of the lazily loaded UI chunk, never of functions.js.
 *
 * Colours: Fluent's default accent is Office's communication blue (#0078D4), the accent of Office
 * add-ins, so it is kept. Font: Fluent's default body font ("Segoe UI Variable", "Segoe UI") is
 * extended in taskpane.css (--body-font on .watt-pane) with the platform fonts of Excel on the Mac and
 * the web. Neither is set through the tokens' setValueFor: with FAST foundation 2.50 setting
 * accentBaseColor or bodyFont from script sends the token observers into an endless loop (stack
 * overflow), which the workbench's browser test would catch.
 */
import {
  baseLayerLuminance,
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
} from '@fluentui/web-components';

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
  baseLayerLuminance.setValueFor(root, dark ? StandardLuminance.DarkMode : StandardLuminance.LightMode);
  controlCornerRadius.setValueFor(root, 4);
  layerCornerRadius.setValueFor(root, 8);
}

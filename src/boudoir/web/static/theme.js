// The theme chosen in Settings (light, dark, or the same as the device), applied before the
// page is first painted: a classic script the page's head loads and runs at once, before the
// body is drawn (the app itself is a module, run only once the whole page is read, which
// would show the other theme for a moment). A file, not an inline script, so that the
// Content-Security-Policy allows it ("script-src 'self'"). The key is settings.js's.
(function applySavedTheme() {
  const KEY = "boudoir.theme";
  const apply = (theme) => {
    if (theme === "light" || theme === "dark") document.documentElement.dataset.theme = theme;
    else delete document.documentElement.dataset.theme;
  };
  try {
    apply(localStorage.getItem(KEY));
    // Chosen in another tab: this one follows.
    window.addEventListener("storage", (event) => {
      if (event.key === KEY || event.key === null) apply(localStorage.getItem(KEY));
    });
  } catch {
    // Storage refused (a private window's settings): the device's theme it is.
  }
})();

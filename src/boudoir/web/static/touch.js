// Touch screens have no hover: a tap on a message shows what hovering shows on a desktop (its
// time, its report button), below its text rather than over it (app.css, "Touch screens").

const CONTROLS = "button, a, input, textarea, select, summary";

/** Let a tap on a message in `element` (a conversation's log) show or hide its details. */
export function revealOnTap(element) {
  element.addEventListener("click", (event) => {
    if (event.target.closest(CONTROLS)) return; // a name, a link: that control's own action
    const item = event.target.closest(".item");
    if (!item || !element.contains(item)) return;
    const shown = item.classList.toggle("tapped");
    for (const other of element.querySelectorAll(".item.tapped")) {
      if (other !== item) other.classList.remove("tapped");
    }
    if (shown && getSelection().isCollapsed === false) item.classList.remove("tapped"); // selecting text
  });
}

// A phone's composer is about 17 em wide: its hint leaves out the conversation's name (which
// the page's title and the box's label carry), so that it is read whole.
const NARROW = "(max-width: 720px)";

/** The composer's hint for `label` ("Message #tavern"), short enough for the screen. */
export function composerHint(label) {
  return window.matchMedia(NARROW).matches ? "Message — /help for commands" : `${label} — /help for commands`;
}

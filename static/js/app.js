// Small behaviours on top of htmx. htmx does not swap server errors into the page:
// say so in the flash area instead of leaving a form that seems to do nothing.
function showProblem(message) {
  var flashes = document.getElementById("flashes");
  if (!flashes) return;
  var note = document.createElement("p");
  note.className = "flash flash-error";
  note.setAttribute("role", "alert");
  note.textContent = message;
  flashes.replaceChildren(note);
}
document.addEventListener("htmx:responseError", function (event) {
  if (event.detail.xhr.status >= 500) {
    showProblem("Something went wrong on our side and nothing was saved. Please try again in a moment.");
  }
});
document.addEventListener("htmx:sendError", function () {
  showProblem("The server could not be reached. Check your connection and try again.");
});

// In the pairing weights, Enter previews the weights instead of running (and saving) a proposal.
document.addEventListener("keydown", function (event) {
  var weights = event.target.closest && event.target.closest("[data-enter-previews]");
  if (event.key === "Enter" && weights) {
    event.preventDefault();
    event.target.dispatchEvent(new Event("change", { bubbles: true }));
  }
});

// A manager picked among the names offered is written into the field, so the field says who it is.
document.addEventListener("change", function (event) {
  if (event.target.name === "manager_id") {
    var field = document.getElementById("manager");
    var name = event.target.closest("label").querySelector("bdi");
    if (field && name) field.value = name.textContent;
  }
});

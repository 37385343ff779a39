// Filter by document: hides every element whose data-doc does not contain the typed text.
// Without JavaScript the box stays hidden and the whole page is shown.
(function () {
  var box = document.getElementById("filter-box");
  var input = document.getElementById("doc-filter");
  var items = document.querySelectorAll("[data-doc]");
  box.hidden = false;
  function apply() {
    var q = input.value.trim().toLowerCase();
    for (var i = 0; i < items.length; i++) {
      var doc = items[i].getAttribute("data-doc").toLowerCase();
      items[i].classList.toggle("hidden-by-filter", q !== "" && doc.indexOf(q) === -1);
    }
  }
  input.addEventListener("input", apply);
  // A check link to a document the filter hides: clear the filter so the span shows.
  window.addEventListener("hashchange", function () {
    var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target && target.closest(".hidden-by-filter")) { input.value = ""; apply(); target.scrollIntoView(); }
  });
})();

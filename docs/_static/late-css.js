/* Apply the stylesheets that were linked so as not to hold the first paint
   (media="print", data-late="all"; src/workshop_site/finishing/page_assets.py). */
document.querySelectorAll("link[data-late]").forEach(function (link) {
  link.media = link.getAttribute("data-late");
});

/* Apply the stylesheets that were linked so as not to hold the first paint
   (media="print", data-late="all"; src/workshop_site/finishing/page_assets.py). A classic
   script, not an ES module: it must also run on pages opened from disk
   (file://), where browsers refuse module scripts. */
document.querySelectorAll("link[data-late]").forEach((link) => {
  link.media = link.getAttribute("data-late");
});

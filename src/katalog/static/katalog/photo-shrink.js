// Make a phone photo smaller before it is sent: a 4-12 MB camera picture becomes a JPEG of at most
// `data-shrink` pixels on its long side (the size the server keeps anyway), quality 0.8, a few hundred kB.
// On a slow link that is seconds instead of half a minute. Progressive enhancement: without JavaScript, or
// when the browser cannot decode or re-encode the file, the original goes unchanged and the server's own
// checks and limits apply as before.
(function () {
  "use strict";
  var QUALITY = 0.8;

  function shrink(input) {
    var file = input.files && input.files[0];
    var longSide = parseInt(input.getAttribute("data-shrink"), 10);
    if (!file || !longSide || !/^image\/(jpeg|png|webp)$/.test(file.type)) return;
    if (typeof createImageBitmap !== "function" || typeof DataTransfer !== "function") return;
    createImageBitmap(file, { imageOrientation: "from-image" }).then(function (bitmap) {
      var scale = Math.min(1, longSide / Math.max(bitmap.width, bitmap.height));
      var canvas = document.createElement("canvas");
      canvas.width = Math.round(bitmap.width * scale);
      canvas.height = Math.round(bitmap.height * scale);
      var context = canvas.getContext("2d");
      context.fillStyle = "#fff"; // a transparent PNG becomes JPEG on white, not on black
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      canvas.toBlob(function (blob) {
        if (!blob || blob.size >= file.size) return; // nothing gained: keep the original
        var name = file.name.replace(/\.[^.]*$/, "") + ".jpg";
        var smaller = new File([blob], name, { type: "image/jpeg", lastModified: Date.now() });
        var transfer = new DataTransfer();
        transfer.items.add(smaller);
        input.files = transfer.files;
        input.setAttribute("data-shrunk", String(blob.size));
        var note = input.parentNode.querySelector(".shrink-note");
        if (!note) {
          note = document.createElement("p");
          note.className = "small shrink-note";
          note.setAttribute("aria-live", "polite");
          input.insertAdjacentElement("afterend", note);
        }
        note.textContent = (document.documentElement.lang === "en" ? "Photo made smaller for sending: " :
          "Foto diperkecil agar cepat terkirim: ") + Math.round(file.size / 1024) + " kB → " +
          Math.round(blob.size / 1024) + " kB";
      }, "image/jpeg", QUALITY);
    }).catch(function () { /* not decodable here: the original goes, the server decides */ });
  }

  document.addEventListener("change", function (event) {
    var input = event.target;
    if (input instanceof HTMLInputElement && input.type === "file" && input.hasAttribute("data-shrink")) {
      shrink(input);
    }
  });
})();

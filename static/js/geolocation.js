/* Progressive enhancement: "use my current location" fills the hidden lat/lon fields and
   submits the filter sorted by distance. Without JavaScript the postal code does the same. */
(function () {
  "use strict";
  var button = document.getElementById("use-my-location");
  if (!button || !("geolocation" in navigator)) {
    return;
  }
  var form = button.form;
  var status = button.parentElement.querySelector(".geolocation-status");
  button.parentElement.hidden = false;
  button.addEventListener("click", function () {
    button.disabled = true;
    navigator.geolocation.getCurrentPosition(
      function (position) {
        form.elements.lat.value = position.coords.latitude.toFixed(5);
        form.elements.lon.value = position.coords.longitude.toFixed(5);
        form.elements.postal_code.value = "";
        form.elements.sort.value = "distance";
        form.submit();
      },
      function () {
        button.disabled = false;
        status.textContent = button.dataset.error;
      },
      { timeout: 10000, maximumAge: 300000 }
    );
  });
})();

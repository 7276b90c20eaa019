// Date-range presets of the funnel page: fill the range form with the last N days (UTC) and submit it.
(function () {
  var form = document.getElementById('range');
  if (!form) {
    return;
  }
  function iso(date) {
    return date.toISOString().substring(0, 10);
  }
  form.querySelectorAll('button[data-days]').forEach(function (button) {
    button.addEventListener('click', function () {
      var to = new Date();
      to.setUTCDate(to.getUTCDate() + 1);
      var from = new Date(to.getTime() - Number(button.dataset.days) * 86400000);
      form.elements.from.value = iso(from);
      form.elements.to.value = iso(to);
      form.submit();
    });
  });
})();

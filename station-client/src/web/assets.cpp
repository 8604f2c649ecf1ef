// CSS for a 1024×768 screen and an old browser (no grid, no variables, system fonts
// only: nothing to download), and ES5 JavaScript the pages work without: a filter box
// for long checkbox lists and live progress on the sync page.
#include "assets.hpp"

namespace cunzhan::station_client::web {

const std::string_view app_css = R"css(
body{margin:0;font:15px/1.5 "Microsoft YaHei","PingFang SC","Noto Sans CJK SC",SimSun,sans-serif;color:#222;background:#f4f4f0}
.top{background:#2d6a3e;color:#fff;padding:6px 16px}.top .st{margin-left:8px}
.top .lang{float:right;color:#fff}
nav{background:#fff;border-bottom:1px solid #ccc;padding:0 12px}
nav a{display:inline-block;padding:8px 12px;color:#2d6a3e;text-decoration:none}
nav a.on{border-bottom:3px solid #2d6a3e;font-weight:bold}
main{max-width:980px;margin:0 auto;padding:8px 16px 40px}
h1{font-size:20px;margin:12px 0}h2{font-size:17px;margin:16px 0 8px}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{border:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#eef3ea}td.n{text-align:right}tr.closed td{color:#888}
.cards{overflow:hidden}.card{float:left;width:148px;margin:0 10px 10px 0;padding:8px;background:#fff;border:1px solid #ddd}
.card .v{font-size:24px;font-weight:bold}.card.warn{border-color:#c60;background:#fff4e5}
form.box{background:#fff;border:1px solid #ddd;padding:10px 14px;overflow:hidden}
.f{float:left;width:300px;margin:0 14px 10px 0}.f.wide{width:100%}
.f label,.f .lbl{display:block;font-weight:bold}
.f input,.f select,.f textarea{width:280px;padding:4px;border:1px solid #999;font:inherit;box-sizing:border-box}
.f.wide textarea{width:100%}
.f.bad input,.f.bad select,.f.bad textarea{border:2px solid #c00;background:#fff5f5}
.f .err{display:block;color:#c00}.req{color:#c00;margin-left:2px}
.cbs{max-height:220px;overflow:auto;border:1px solid #ccc;padding:4px;background:#fafafa}
.cbs label{display:inline-block;width:220px;font-weight:normal}.cbs input{width:auto}
.f input.filter{margin-bottom:4px}
.actions{clear:both;padding-top:6px}
button,.btn{padding:5px 14px;font:inherit;border:1px solid #2d6a3e;background:#2d6a3e;color:#fff;cursor:pointer;text-decoration:none;display:inline-block}
button.sec,.btn.sec{background:#fff;color:#2d6a3e}button.danger{background:#fff;color:#a00;border-color:#a00}
form.inline{display:inline;margin:0 4px 0 0}form.inline input{width:110px}
.errs{border:2px solid #c00;background:#fff5f5;padding:6px 10px;margin:8px 0}
.ok{border:1px solid #2d6a3e;background:#eef8ee;padding:6px 10px}
.warnbox{border:2px solid #c60;background:#fff4e5;padding:6px 10px;margin:8px 0}
.filters{background:#fff;border:1px solid #ddd;padding:6px 10px;margin-bottom:8px}
.filters select,.filters input{margin-right:8px}
progress{width:400px;height:18px}.muted{color:#777}
)css";

const std::string_view app_js = R"js(
(function () {
  function each(list, fn) { for (var i = 0; i < list.length; i++) fn(list[i]); }
  // Filter boxes above long checkbox lists (villages): hide labels that do not match.
  each(document.querySelectorAll('input.filter'), function (box) {
    var list = document.getElementById(box.getAttribute('data-for'));
    box.onkeyup = box.onsearch = function () {
      var q = box.value.replace(/^\s+|\s+$/g, '');
      each(list.getElementsByTagName('label'), function (l) {
        var text = l.textContent || l.innerText;
        l.style.display = (!q || text.indexOf(q) >= 0 || l.getElementsByTagName('input')[0].checked) ? '' : 'none';
      });
    };
  });
  // Confirm before actions that cannot be undone.
  each(document.querySelectorAll('form[data-confirm]'), function (f) {
    f.onsubmit = function () { return window.confirm(f.getAttribute('data-confirm')); };
  });
  // The sync page: poll the progress endpoint once a second while a sync runs.
  var box = document.getElementById('sync-live');
  if (!box || box.getAttribute('data-running') !== '1') return;
  var bar = document.getElementById('sync-bar'), text = document.getElementById('sync-text');
  function poll() {
    var x = new XMLHttpRequest();
    x.open('GET', '/sync/status', true);
    x.onreadystatechange = function () {
      if (x.readyState !== 4) return;
      if (x.status !== 200) { setTimeout(poll, 2000); return; }
      var s = JSON.parse(x.responseText);
      if (!s.running) { window.location.replace('/sync?done=1'); return; }
      if (s.total > 0) { bar.max = s.total; bar.value = s.done; }
      text.innerHTML = '';
      text.appendChild(document.createTextNode(s.text));
      setTimeout(poll, 1000);
    };
    x.send(null);
  }
  setTimeout(poll, 500);
})();
)js";

}  // namespace cunzhan::station_client::web

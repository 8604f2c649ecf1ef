// `station serve`: the officer's web app on this PC (see station-client/WEB.md).
#include <charconv>
#include <iostream>

#include "cli_common.hpp"
#include "cunzhan/platform/launch.hpp"
#include "cunzhan/platform/stop_signal.hpp"
#include "cunzhan/station/web.hpp"

namespace cunzhan::station_client::cli {
namespace {

constexpr std::string_view k_help =
    R"(station serve [--port N] [--listen ADDRESS] [--open] — the web app in your browser / 在浏览器中使用
Starts the station's web pages on this computer and prints the address to open
(default http://127.0.0.1:8765/). Stop with Ctrl+C. Pages, styles and scripts come from
this program; nothing is fetched from the internet. A station that is not enrolled yet
shows the enrolment page, where the hub's enrolment file is uploaded.
  --port N          port (default 8765; 0 picks a free one)
  --open            also open the page in the default browser; when the station's web
                    app already runs on the port, only open the browser (the 村站
                    shortcut does this)
  --listen ADDRESS  listen on another address than 127.0.0.1. Only do this on a network
                    you trust: anyone who can reach the address can change the records.
Example / 示例:
  station serve
  station serve --port 8080
)";

bool is_loopback(const std::string& a) { return a == "127.0.0.1" || a == "::1" || a.starts_with("127."); }

// The address the officer's own browser uses (a wildcard listen address is no URL).
std::string local_url(const web_server& s, const std::string& listen) {
  if (listen == "0.0.0.0" || listen == "::") return "http://127.0.0.1:" + std::to_string(s.port()) + "/";
  return s.url();
}

void open_browser(const context& c, const std::string& url) {
  if (auto s = platform::open_in_browser(url); !s) report(c, s.err());  // the server still runs
}

}  // namespace

int cmd_serve(const context& c, const std::vector<std::string>& tokens) {
  auto a = parse_args(tokens, {"--port", "--listen"}, {"--open"});
  if (!a) return report(c, a.err());
  if (a->has("--help")) return print_help(c, k_help);
  if (!a->positional.empty()) return usage_error(c, "serve takes no arguments", "serve 不需要参数");
  web_options o;
  o.data_dir = c.data_dir;
  o.default_language = c.lang_explicit ? c.language : lang::zh;
  if (const std::string* p = a->get("--port")) {
    unsigned v = 0;
    auto [end, ec] = std::from_chars(p->data(), p->data() + p->size(), v);
    if (ec != std::errc() || end != p->data() + p->size() || v > 65535) {
      return usage_error(c, "--port must be a number from 0 to 65535", "--port 必须是 0 到 65535 之间的数字");
    }
    o.port = static_cast<unsigned short>(v);
  }
  if (const std::string* l = a->get("--listen")) o.listen_address = *l;
  if (!is_loopback(o.listen_address)) {
    *c.err << "警告：网页将在 " << o.listen_address
           << " 上开放，同一网络中的其他电脑也能打开并修改本站记录。\n"
           << "warning: listening on " << o.listen_address
           << ": other computers on this network can open the pages and change the records.\n";
  }
  const bool open = a->has("--open");
  if (open && o.port != 0 && station_serving_at(o.port)) {
    // A second click on the shortcut: the app already runs, show it again.
    const std::string url = "http://127.0.0.1:" + std::to_string(o.port) + "/";
    *c.out << c.t("村站网页已在运行，正在打开 ", "station web app already running: opening ") << url
           << std::endl;
    if (auto s = platform::open_in_browser(url); !s) return report(c, s.err());
    return exit_ok;
  }
  // Before the store and the server start threads: a stop during start-up waits for
  // run_until_signal and ends gracefully.
  platform::block_stop_signals();
  web_server server(o);
  if (auto s = server.start(); !s) return report(c, s.err());
  *c.out << c.t("村站网页已启动，请在浏览器中打开 ", "station web app: open ") << server.url()
         << c.t("（按 Ctrl+C 停止）", "  (Ctrl+C to stop)") << std::endl;
  if (open) open_browser(c, local_url(server, o.listen_address));
  server.run_until_signal();
  return exit_ok;
}

}  // namespace cunzhan::station_client::cli

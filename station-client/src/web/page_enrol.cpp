// First start: a station that is not enrolled yet shows only this page, where the
// officer uploads the enrolment file the county hub issued (the same check and store
// call as `station init`). Once enrolled, the page is gone: replacing an enrolment stays
// a deliberate command (`station init --force`), never a web form.
#include "cunzhan/shared/enrolment.hpp"
#include "html.hpp"
#include "pages.hpp"

namespace cunzhan::station_client::web {
namespace {

net::http_response enrol_form(ctx& c, int status, std::string_view problem) {
  std::string o = "<h1>" + std::string(c.t("注册本服务站", "Enrol this station")) + "</h1>";
  if (!problem.empty()) o += "<div class=\"errs\" id=\"enrol-error\">" + esc(problem) + "</div>";
  o += "<p>" +
       std::string(
           c.t("本站尚未注册。请选择区县中心发给您的注册文件（.json "
               "文件），然后点“注册”。注册后即可登记记录；不联网也可以注册。",
               "This station is not enrolled yet. Choose the enrolment file the county hub gave you (a .json "
               "file) and press Enrol. Enrolling works without a network.")) +
       "</p>";
  o += "<form class=\"box\" method=\"post\" action=\"/enrol\" enctype=\"multipart/form-data\">" +
       csrf_input(c) + "<div class=\"f\"><label for=\"i-file\">" +
       std::string(c.t("注册文件", "Enrolment file")) +
       "</label><input id=\"i-file\" type=\"file\" name=\"file\" accept=\".json,application/json\"></div>"
       "<div class=\"actions\"><button id=\"enrol\">" +
       std::string(c.t("注册", "Enrol")) + "</button></div></form>";
  o += "<p class=\"muted\">" +
       std::string(c.t(
           "注册文件中有本站的密钥：注册成功后请删除该文件（包括 U 盘和微信里的副本）。也可以在命令行运行 "
           "station init 注册文件。",
           "The file holds the station's secret token: delete it (also copies on USB sticks and in chats) "
           "once enrolled. The command `station init FILE` does the same.")) +
       "</p>";
  return html_response(status, layout(c, c.t("注册", "Enrol"), "", o));
}

}  // namespace

net::http_response enrol_page(ctx& c) { return enrol_form(c, 200, ""); }

net::http_response enrol_submit(ctx& c) {
  const upload* up = nullptr;
  for (const auto& f : c.files) {
    if (f.field == "file") up = &f;
  }
  if (!up || up->data.empty()) {
    return enrol_form(c, 422, c.t("请选择注册文件。", "Choose the enrolment file."));
  }
  auto e = parse_enrolment(up->data);
  if (!e) return enrol_form(c, 422, c.describe(e.err()));
  if (auto s = c.db.meta().init(*e, false); !s) return enrol_form(c, 409, c.describe(s.err()));
  return redirect("/?ok=enrolled");
}

}  // namespace cunzhan::station_client::web

// The station's words for each way a conversation with the hub can fail. The client
// reports failures as "<step>: <reason>" (resolve, connect, TLS handshake, send, receive);
// the step tells whether anything can have reached the hub.
#include "sync/hub_errors.hpp"

#include <openssl/x509.h>

#include "cunzhan/shared/json_util.hpp"

namespace cunzhan::station_client {
namespace {

bool starts_with(const std::string& s, std::string_view p) { return s.compare(0, p.size(), p) == 0; }

// The hub's answer to a refused request, with both its messages labelled as the hub's:
// "disk full" from the hub is the county server's disk, not this PC's. A failure of the
// hub's storage (its code in the storage group) is, for the station, the hub being
// unavailable: the ops stay pending and go at a later sync.
error from_body(const net::http_response& r) {
  auto v = parse_json(r.body);
  if (v && v->is_object()) {
    const auto* e = v->as_object().if_contains("error");
    if (e && e->is_object()) {
      const auto& o = e->as_object();
      auto text = [&](const char* k) {
        const auto* x = o.if_contains(k);
        return x && x->is_string() ? std::string(x->as_string()) : std::string();
      };
      const errc code = code_from_name(text("code"));
      const bool storage = static_cast<int>(code) >= 100 && static_cast<int>(code) < 200;
      const std::string en = text("message").empty() ? text("message_zh") : text("message");
      const std::string zh = text("message_zh").empty() ? text("message") : text("message_zh");
      return error(storage ? errc::unavailable : code, "the hub reports: " + en, "区县服务器报告：" + zh);
    }
  }
  return error(errc::server_error, "HTTP " + std::to_string(r.status),
               "服务器返回 HTTP " + std::to_string(r.status));
}

}  // namespace

// The client reports the handshake's verification result by OpenSSL's text for it
// ("hostname mismatch", "unable to get local issuer certificate", ...), sometimes followed
// by the "certificate verify failed" reason.
bool is_certificate_failure(const error& e) {
  if (e.code != errc::tls_error) return false;
  const std::string& d = e.detail_en;
  if (d.find("certificate verify failed") != std::string::npos) return true;
  constexpr std::string_view k_step = "TLS handshake: ";
  if (!starts_with(d, k_step)) return false;
  const std::string_view rest = std::string_view(d).substr(k_step.size());
  for (long v = 1; v < 128; ++v) {  // the X509_V_ERR_* codes
    const std::string_view text = X509_verify_cert_error_string(v);
    if (rest.substr(0, text.size()) == text && (rest.size() == text.size() || rest[text.size()] == ';'))
      return true;
  }
  return false;
}

error certificate_error(const error& e) {
  return error(
      errc::tls_error,
      "the hub's certificate is not the one this station's enrolment trusts (wrong CA or host name: " +
          e.detail_en +
          "); nothing was sent. The connection may be intercepted, or the enrolment file is out of date: "
          "ask the district for a new enrolment file",
      "中心的证书与本站注册文件不符（证书颁发机构或主机名不对：" + e.detail_en +
          "），未发送任何数据。连接可能被劫持，或注册文件已过期：请向区县索取新的注册文件");
}

error link_error(const error& e) {
  const std::string& d = e.detail_en;
  const bool timed_out = e.code == errc::timeout;
  std::string en, zh;
  if (starts_with(d, "resolve: ") || starts_with(d, "connect: ") || starts_with(d, "TLS handshake: ")) {
    en = "hub not reachable, nothing was sent";
    zh = "连不上区县中心，未发送任何数据";
  } else if (starts_with(d, "send: ")) {
    en = "the line was cut while sending (what arrived is confirmed next time)";
    zh = "发送途中线路中断（已到达的数据下次同步时确认）";
  } else if (timed_out) {
    en = "no answer from the hub in time: the line may be cut (sent again next time)";
    zh = "等待区县中心应答超时，线路可能已中断（下次重新发送）";
  } else if (e.code == errc::network_error || e.code == errc::tls_error) {
    en = "the line was cut while waiting for the hub's answer (sent again next time)";
    zh = "等待应答时线路中断（下次重新发送）";
  } else {
    return e;  // not a link failure (a bad answer, a local problem): its own words
  }
  const std::string tech = d.empty() ? std::string(message(e.code, lang::en)) : d;
  return error(e.code, en + " (" + tech + ")", zh + "（" + tech + "）");
}

error hub_reported(const net::http_response& r) { return from_body(r); }

error hub_busy(const net::http_response& r) {
  const error said = from_body(r);
  const std::string status = "HTTP " + std::to_string(r.status);
  const bool busy = r.status == 429 || r.status == 503;
  const std::string& said_zh = said.detail_zh.empty() ? said.detail_en : said.detail_zh;
  return error(said.code,
               std::string(busy ? "hub busy, try again later" : "the hub failed to answer, try again later") +
                   " (" + status + (said.detail_en.empty() ? "" : ": " + said.detail_en) + ")",
               std::string(busy ? "区县中心繁忙，请稍后再试" : "区县中心出错，请稍后再试") + "（" + status +
                   (said_zh.empty() ? "" : "：" + said_zh) + "）");
}

}  // namespace cunzhan::station_client

// Sending the county's monthly reports to the province over pinned TLS, zstd-compressed.
#include "province/submit.hpp"

#include <boost/json.hpp>

#include "cunzhan/hub/kpi_targets.hpp"
#include "cunzhan/hub/postgres.hpp"
#include "cunzhan/hub/province/periods.hpp"
#include "cunzhan/hub/report_source.hpp"
#include "cunzhan/net/https_client.hpp"
#include "cunzhan/shared/compress.hpp"
#include "cunzhan/shared/time.hpp"
#include "cunzhan/shared/uuid.hpp"
#include "cunzhan/shared/version.hpp"
#include "province/report_payload.hpp"
#include "province/upstream_store.hpp"

namespace cunzhan::hub::province {
namespace {

namespace json = boost::json;

// The months to look at for one link, oldest first.
std::vector<std::string> due_months(const upstream_link& l, const submit_options& o) {
  if (o.period) return {*o.period};
  const std::string today = format_date(o.clock->today());
  std::vector<std::string> out;
  for (std::string m = l.first_period; month_ended(m, today) && out.size() < 120; m = next_month(m))
    out.push_back(m);
  return out;
}

std::string error_text(const json::value& body) {
  const auto* o = body.if_object();
  const auto* e = o ? o->if_contains("error") : nullptr;
  if (e == nullptr || !e->is_object()) return "";
  std::string s;
  for (const char* k : {"code", "message", "message_zh"}) {
    if (const auto* v = e->as_object().if_contains(k); v && v->is_string())
      s += std::string(s.empty() ? "" : " ") + v->as_string().c_str();
  }
  return s;
}

// Sends the link's due months; returns false when it had to stop.
bool send_link(const upstream_link& l, upstream_store& up, storage& hub, const submit_options& o,
               std::ostream& out, submit_summary& sum) {
  const auto& e = l.enrolment;
  net::client_options co;
  if (!net::parse_https_url(e.province_url, co.host, co.port)) {
    out << e.county_code << ": bad province URL / 省级平台地址无效: " << e.province_url << "\n";
    sum.exit_code = 1;
    return false;
  }
  co.server_name = e.server_name.empty() ? co.host : e.server_name;
  if (o.connect_port) {
    co.host = "127.0.0.1";
    co.port = *o.connect_port;
  }
  co.ca_pem = e.ca_pem;
  co.io_timeout = std::chrono::seconds(60);
  net::https_client client(co);
  for (const auto& month : due_months(l, o)) {
    auto per = kpi::parse_period(month, std::nullopt, std::nullopt);
    if (!per || per->kind != kpi::period_kind::month || !month_ended(month, format_date(o.clock->today()))) {
      out << month << ": not a month that has ended / 不是已结束的月份\n";
      sum.exit_code = 1;
      return false;
    }
    auto loaded = report::load_report(hub, e.county_code, *per);
    if (!loaded) {
      out << e.county_code << " " << month << ": " << loaded.err().describe(lang::en) << " / "
          << loaded.err().describe(lang::zh) << "\n";
      sum.exit_code = 1;
      return false;
    }
    const json::object report = build_report(*loaded);
    const std::string hash = content_hash(report);
    auto last = up.latest(e.county_code, month);
    if (!last) {
      sum.exit_code = 1;
      return false;
    }
    if (*last && (*last)->acked && (*last)->content_hash == hash) {
      ++sum.up_to_date;
      continue;
    }
    std::string id;
    if (*last && !(*last)->acked && (*last)->content_hash == hash) {
      id = (*last)->submission_id;  // a resend: its answer may have been lost
    } else {
      id = uuid_v4();
      // Committed before the first send, so every resend of this content carries this id.
      if (auto s = up.insert({e.county_code, month, id, hash, false, 0, "", o.clock->unix_seconds(), 0});
          !s) {
        out << s.err().describe(lang::en) << "\n";
        sum.exit_code = 1;
        return false;
      }
    }
    const std::string body = json::serialize(json::object{{"submission_id", id},
                                                          {"county_code", e.county_code},
                                                          {"period", month},
                                                          {"generated_at", format_instant(o.clock->now())},
                                                          {"report", report}});
    const std::string packed = zstd_compress(body);
    sum.bytes_raw += body.size();
    sum.bytes_sent += packed.size();
    ++sum.sent;
    const net::header_list headers{{"authorization", "Bearer " + e.token},
                                   {"content-type", "application/json"},
                                   {"content-encoding", "zstd"},
                                   {"accept-encoding", "zstd"},
                                   {"x-hub-version", std::string(program_version())}};
    auto res = client.request("POST", "/v1/province/reports", headers, packed);
    if (!res) {
      out << e.county_code << " " << month
          << ": province not reached, will be sent again / 未能连接省级平台，下次重发 ("
          << res.err().describe(lang::en) << ")\n";
      sum.exit_code = 75;
      return false;
    }
    json::value answer;
    try {
      answer = json::parse(res->body);
    } catch (const std::exception&) {
    }
    if (res->status != 200) {
      out << e.county_code << " " << month << ": the province refused (HTTP " << res->status
          << ") / 省级平台拒绝: " << error_text(answer) << "\n";
      sum.exit_code = res->status == 429 || res->status >= 500 ? 75 : 1;
      return false;
    }
    const auto* a = answer.if_object();
    const auto* st = a ? a->if_contains("status") : nullptr;
    const auto* ver = a ? a->if_contains("version") : nullptr;
    if (st == nullptr || !st->is_string() || ver == nullptr || !ver->is_int64()) {
      out << e.county_code << " " << month
          << ": unreadable answer from the province / 省级平台答复无法读取\n";
      sum.exit_code = 75;
      return false;
    }
    const std::string status(st->as_string());
    if (auto s = up.mark_acked(id, static_cast<int>(ver->as_int64()), status, o.clock->unix_seconds()); !s) {
      sum.exit_code = 1;
      return false;
    }
    ++sum.acknowledged;
    out << e.county_code << " " << month << ": " << status << ", version " << ver->as_int64()
        << " / 已报送，版本 " << ver->as_int64() << " (" << packed.size() << " bytes zstd, " << body.size()
        << " raw)\n";
  }
  return true;
}

}  // namespace

submit_summary submit_due(const submit_options& o, std::ostream& out) {
  submit_summary sum;
  auto up = upstream_store::open(o.storage, o.data_dir, false);
  if (!up) {
    out << up.err().describe(lang::en) << "\n" << up.err().describe(lang::zh) << "\n";
    sum.exit_code = 2;
    return sum;
  }
  auto hub = open_storage(o.storage, o.data_dir, false);
  if (!hub) {
    out << hub.err().describe(lang::en) << "\n";
    sum.exit_code = 1;
    return sum;
  }
  auto links = (*up)->links();
  if (!links) {
    sum.exit_code = 1;
    return sum;
  }
  for (const auto& l : *links) {
    if (o.county && *o.county != l.enrolment.county_code) continue;
    send_link(l, **up, **hub, o, out, sum);
  }
  return sum;
}

}  // namespace cunzhan::hub::province

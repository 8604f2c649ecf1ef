// 代买 orders and online sellers (KPIS.md "Villager services"), and the assembly of the
// report; people served and training are in villager_kpi_people.cpp.
#include "cunzhan/hub/villager_kpi.hpp"

#include <algorithm>
#include <set>

#include "cunzhan/shared/text.hpp"

#include "kpi/villager_kpi_parts.hpp"

namespace cunzhan::hub::kpi {
namespace {

using detail::scoped;

bool counts_as_bought(const proxy_buy_in& o) { return o.status != "cancelled" && o.status != "returned"; }

bool within(std::int64_t t, const period& p) { return t >= p.begin_s() && t < p.end_s(); }

bool done_by(const std::optional<std::int64_t>& t, std::int64_t at) { return t && *t <= at; }

// Count and amount of orders bought in `p`, per scope key (county "", township, station).
struct order_totals {
  std::map<std::string, category_sales> by_scope;
  void add(const proxy_buy_in& o) {
    for (const auto* key : {&k_county, &o.township_code, &o.station_id}) {
      auto& t = by_scope[*key];
      t.count += o.orders;
      t.amount_fen += o.amount_fen;
    }
  }
  category_sales of(const std::string& key) const {
    auto it = by_scope.find(key);
    return it == by_scope.end() ? category_sales{} : it->second;
  }
  static inline const std::string k_county;
};

std::optional<double> median(std::vector<double> v) {
  if (v.empty()) return std::nullopt;
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

void proxy_buy(const villager_inputs& in, const period& p, std::int64_t now_s, scoped& out) {
  const period prev = p.previous();
  const period yago = p.year_earlier();
  order_totals earlier_prev, earlier_yago;
  std::map<villager_figures*, std::vector<double>> handover;
  const std::int64_t t_end = std::min(p.end_s(), now_s);
  for (const auto& o : in.orders) {
    const auto targets = out.for_station(o.station_id, o.township_code);
    const bool ordered = o.orders > 0;  // 0: a row for its steps only
    if (ordered && within(o.ordered_at, p)) {
      for (auto* f : targets) {
        auto& b = f->proxy_buy;
        if (o.status == "returned") b.returned += o.orders;
        if (o.status == "cancelled") b.cancelled += o.orders;
        if (!counts_as_bought(o)) continue;
        b.count += o.orders;
        b.amount_fen += o.amount_fen;
        for (auto* m : {&b.by_category[o.category], &b.by_platform[o.platform]}) {
          m->count += o.orders;
          m->amount_fen += o.amount_fen;
        }
      }
    }
    if (ordered && counts_as_bought(o) && within(o.ordered_at, prev)) earlier_prev.add(o);
    if (ordered && counts_as_bought(o) && within(o.ordered_at, yago)) earlier_yago.add(o);
    if (o.status == "handed_over" && o.arrived_at && o.handed_over_at && within(*o.handed_over_at, p)) {
      const double days = static_cast<double>(*o.handed_over_at - *o.arrived_at) / 86400.0;
      for (auto* f : targets) handover[f].push_back(days);
    }
    if (o.arrived_at && t_end - *o.arrived_at > 7 * 86400 && !done_by(o.handed_over_at, t_end) &&
        !done_by(o.returned_at, t_end) && !done_by(o.cancelled_at, t_end)) {
      for (auto* f : targets) ++f->proxy_buy.waiting_over_7_days;
    }
  }
  for (auto& [f, days] : handover) f->proxy_buy.handover_days_median = median(days);
  out.each([&](const std::string& key, villager_figures& f) {
    auto& b = f.proxy_buy;
    b.amount_mom = {b.amount_fen, earlier_prev.of(key).amount_fen};
    b.amount_yoy = {b.amount_fen, earlier_yago.of(key).amount_fen};
    b.count_mom = {b.count, earlier_prev.of(key).count};
    b.count_yoy = {b.count, earlier_yago.of(key).count};
  });
}

void sellers(const villager_inputs& in, const period& p, scoped& out) {
  struct seen {
    std::set<std::string> coops, firms, households;
  };
  std::map<villager_figures*, seen> distinct;
  for (const auto& s : in.sales) {
    if (!within(s.sold_at, p)) continue;
    const std::string name(trim(s.seller_name));
    for (auto* f : out.for_station(s.station_id, s.township_code)) {
      auto& d = distinct[f];
      if (s.seller_kind == "cooperative")
        d.coops.insert(name);
      else if (s.seller_kind == "enterprise")
        d.firms.insert(name);
      else {
        f->sellers.household_sales += s.sales;
        if (!s.villager_id.empty()) d.households.insert(s.villager_id);
      }
    }
  }
  for (auto& [f, d] : distinct) {
    f->sellers.cooperatives = static_cast<std::int64_t>(d.coops.size());
    f->sellers.enterprises = static_cast<std::int64_t>(d.firms.size());
    f->sellers.households = static_cast<std::int64_t>(d.households.size());
  }
}

}  // namespace

std::optional<bool> villager_figures::people_served_grew() const {
  const auto now = people_served.value();
  const auto then = people_served_earlier.value();
  if (!now || !then) return std::nullopt;
  return *now > *then;
}

villager_report compute_villager(const villager_inputs& in, const period& p, std::int64_t now_s) {
  villager_report r;
  scoped out(r, in.stations);
  proxy_buy(in, p, now_s, out);
  sellers(in, p, out);
  detail::people_served(in, p, out);
  detail::training(in, p, out);
  return r;
}

}  // namespace cunzhan::hub::kpi

// What a commit the disk failed did. SQLite writes the whole transaction into the WAL
// and then syncs it; when the sync (or a late write) fails, COMMIT returns an error and
// this connection rolls back, yet the frames may all be in the WAL, and the next open's
// WAL recovery replays them: the record the officer was told had failed is there, and
// entering it again would send it twice. So before answering, look again the way the
// next command will (a fresh connection) for the transaction's last op:
//  - not there: "not saved" is true, and stays true (frames recovery rejected now it
//    rejects later);
//  - there: emptying the WAL into the file (a TRUNCATE checkpoint, which rewrites and
//    syncs the pages) makes it durable → saved; if the disk fails that too, say it is
//    in the database but unconfirmed, and not to enter it again;
//  - cannot look: say it may have been saved and how to check.
// When another store of this process has the file open (the web app), a new connection
// shares the old WAL index instead of recovering, so it cannot see what the next process
// would. Then a small write over the failed frames settles it: once it commits, recovery
// stops before them (their checksum chain is broken) and the record is certainly absent.
#include "connection.hpp"

namespace cunzhan::station_client {
namespace {

constexpr const char* k_op_exists = "SELECT EXISTS (SELECT 1 FROM outbox WHERE op_id = ?)";

std::string what_en(std::size_t records) {
  return records > 1 ? "the " + std::to_string(records) + " records of this import" : "the record";
}
std::string what_zh(std::size_t records) {
  return records > 1 ? "本次导入的 " + std::to_string(records) + " 条记录" : "这条记录";
}

// "disk I/O error — Input/output error (errno 5)" without the code tag, for a sentence.
std::string cause(const error& e, lang l) {
  std::string d = l == lang::zh ? e.detail_zh : e.detail_en;
  if (d.empty()) d = l == lang::zh ? e.detail_en : e.detail_zh;
  return std::string(message(e.code, l)) + (d.empty() ? "" : (l == lang::zh ? "：" : ": ") + d);
}

}  // namespace

status store_connection::reconnect() {
  const std::string file = db_->path();
  bulk_.reset();
  // No checkpoint on close: the WAL stays exactly as the failed commit left it.
  db_->close(error(errc::db_io_error, "the station database was closed after a disk error",
                   "磁盘出错后本站数据库已关闭"));
  sql::open_options so;
  so.create = false;
  so.check_integrity = false;  // checked (or sealed) at this process's open a moment ago
  // The disk that failed the commit may fail the reopen too; one bad write or read
  // should not end the process's use of the file, so it gets a few tries.
  result<std::unique_ptr<sql::database>> db = error(errc::db_io_error);
  for (int attempt = 0; attempt < 3; ++attempt) {
    db = open_connection(file, so);
    if (db) break;
  }
  if (!db) {
    // The store stays closed (connected() is false): every later call answers this
    // error, and the caller (sync, the web app) reports it instead of crashing.
    error why = db.err();
    why.detail_en = "the station database could not be opened again after a disk error: " + why.detail_en;
    why.detail_zh = "磁盘出错后无法重新打开本站数据库：" + why.detail_zh;
    db_->close(why);
    return why;
  }
  db_ = std::move(*db);
  return ok_status();
}

status store_connection::settle_failed_commit(error e, std::size_t records) {
  const std::string op_id = std::move(last_op_id_);
  last_op_id_.clear();
  const bool recovers = seal_->sole_in_process();
  const std::string check_en = " Check with `station status` and the list command (op " + op_id +
                               ") before entering anything again; check the disk.";
  const std::string check_zh =
      "再次录入前请先用 `station status` 和列表命令查看（操作编号 " + op_id + "）；并检查硬盘。";
  auto unknown = [&](const error& why) {
    return error(errc::save_unknown,
                 "the disk failed while saving " + what_en(records) + " (" + cause(e, lang::en) +
                     ") and the database could not be read again to see whether it was kept (" +
                     why.describe(lang::en) + ")." + check_en,
                 "保存" + what_zh(records) + "时硬盘出错（" + cause(e, lang::zh) +
                     "），之后也无法再次读取数据库确认是否已保存（" + why.describe(lang::zh) + "）。" +
                     check_zh);
  };
  auto not_saved = [&]() {
    e.detail_en += " — NOT saved: checked again after the error, " + what_en(records) +
                   (records > 1 ? " are" : " is") +
                   " not in the station database. Enter it again once the disk is fixed.";
    e.detail_zh += " —— 未保存：出错后重新检查，数据库中没有" + what_zh(records) + "。硬盘修好后请重新录入。";
    return e;
  };
  auto reopened = reconnect();
  if (op_id.empty()) return e;  // no op (sync bookkeeping): nothing the officer could enter twice
  if (!reopened) return unknown(reopened.err());
  if (!recovers) {
    write_scope w(*this);
    if (auto s = w.begun(); !s) return unknown(s.err());
    if (auto s = meta_put(*db_, "store.failed_commit", op_id); !s) return unknown(s.err());
    if (auto s = w.commit(); !s) return unknown(s.err());
    return not_saved();
  }
  auto st = db_->prepare_cached(k_op_exists);
  if (!st) return unknown(st.err());
  (*st)->bind(1, op_id);
  auto row = (*st)->step();
  if (!row) return unknown(row.err());
  const bool present = *row && (*st)->column_int(0) != 0;
  (*st)->reset();
  if (!present) return not_saved();
  // It is there. Rewriting its pages into the file and emptying the WAL, both synced,
  // makes it durable; after a failed sync only a new write proves anything.
  if (db_->try_truncate_wal()) return ok_status();
  return error(errc::saved_unconfirmed,
               "checked again after the error: " + what_en(records) + " (op " + op_id +
                   (records > 1 ? ") are" : ") is") +
                   " there and will be sent at the next sync: do NOT enter it again. But the disk failed "
                   "while saving (" +
                   cause(e, lang::en) +
                   "), so it may not survive a power cut: check the disk, and make a backup "
                   "(`station backup --to FILE`) once it works.",
               "出错后重新检查：" + what_zh(records) + "在数据库中（操作编号 " + op_id +
                   "），下次同步时会上传：请勿重复录入。但保存时硬盘出错（" + cause(e, lang::zh) +
                   "），停电时可能丢失：请检查硬盘，硬盘正常后请做一次备份（`station backup --to 文件`）。");
}

}  // namespace cunzhan::station_client

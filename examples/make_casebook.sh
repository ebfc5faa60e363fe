#!/usr/bin/env bash
# Build examples/casebook/ by running the real casectl CLI, step by step, at fixed times.
#
#   examples/make_casebook.sh            # rebuild examples/casebook/ (the old cases are removed)
#   CASECTL=path/to/casectl examples/make_casebook.sh /tmp/book
#
# Every file under cases/ is exactly what casectl writes. Case IDs are random, so a rebuild gives
# new IDs and file names; the script captures each ID from `casectl record` (stdout).
# The book is meant to be read "as of" 2026-11-23T10:00:00+08:00 (a Monday):
#   CASECTL_NOW=2026-11-23T10:00:00+08:00 casectl -C examples/casebook list --all
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BOOK="${1:-$here/casebook}"
CASECTL="${CASECTL:-casectl}"
unset CASECTL_CASEBOOK VISUAL EDITOR
export NO_COLOR=1 TERM=dumb
ERRORS="$(mktemp)"
trap 'rm -f "$ERRORS"' EXIT

rm -rf "$BOOK/cases" "$BOOK/customers" "$BOOK/casectl.yaml" "$BOOK/.gitignore" "$BOOK/.gitattributes" "$BOOK/.casectl"
mkdir -p "$BOOK"
"$CASECTL" init "$BOOK" 2>/dev/null

cat > "$BOOK/casectl.yaml" <<'YAML'
# Example casebook of an ERP implementation and support team in Shanghai.
# Docs: docs/case-format.md. Read it "as of" 2026-11-23 10:00 with CASECTL_NOW.
schema_version: 1
timezone: Asia/Shanghai

# Business hours with a lunch break, and the 2026 public holidays of mainland China.
calendar:
  workdays: [mon, tue, wed, thu, fri]
  hours: ["09:00-12:00", "13:30-18:00"]
  holidays:
    - 2026-01-01  # 元旦
    - 2026-01-02
    - 2026-02-16  # 春节 (2-15 .. 2-23)
    - 2026-02-17
    - 2026-02-18
    - 2026-02-19
    - 2026-02-20
    - 2026-02-23
    - 2026-04-06  # 清明
    - 2026-05-01  # 劳动节 (5-1 .. 5-5)
    - 2026-05-04
    - 2026-05-05
    - 2026-06-19  # 端午
    - 2026-09-25  # 中秋
    - 2026-10-01  # 国庆 (10-1 .. 10-7)
    - 2026-10-02
    - 2026-10-05
    - 2026-10-06
    - 2026-10-07
  extra_workdays:  # 调休: weekend days that are working days
    - 2026-01-04
    - 2026-02-14
    - 2026-02-28
    - 2026-05-09
    - 2026-09-20
    - 2026-10-10

sla:
  clock: business
  # On the business clock h and m count working time, d counts working days.
  urgent: {first_response: 1h, investigation: 8h, resolution: 1d, update_every: 4h}
  high:   {first_response: 4h, investigation: 1d, resolution: 3d, update_every: 8h}
  medium: {first_response: 1d, investigation: 2d, resolution: 5d, update_every: 1d}
  low:    {first_response: 2d, investigation: 5d, resolution: 10d}

follow_up_after: 30d   # calendar days after resolution
follow_up_tolerance: 7d  # a visit counts from a week before its due
review_within: 7d      # calendar days after resolution
warn_before: 25%

# How often each tier of customer should hear from us, on the SLA clock (working days).
rhythm:
  key: 14d
  standard: 30d

people:
  - {id: wang.fang, name: 王芳, email: wang.fang@example.com, role: team lead}
  - {id: li.wei, name: 李伟, email: li.wei@example.com, role: support engineer}
  - {id: chen.jing, name: 陈静, email: chen.jing@example.com, role: implementation consultant}
  - {id: liu.yang, name: 刘洋, email: liu.yang@example.com, role: integration engineer}
  - {id: sam.taylor, name: Sam Taylor, email: sam.taylor@example.com, role: support engineer}
  - {id: zhou.lei, name: 周磊, email: zhou.lei@example.com, role: customer success}
YAML

# at WHEN USER COMMAND...: run casectl on the book as USER, with "now" fixed at WHEN (Shanghai).
at() {
  local when="$1" user="$2"
  shift 2
  # Messages go to stderr; show them only when a step fails.
  if ! CASECTL_NOW="$when+08:00" CASECTL_USER="$user" "$CASECTL" -C "$BOOK" "$@" 2>"$ERRORS"; then
    echo "make_casebook: failed at $when as $user: casectl $*" >&2
    cat "$ERRORS" >&2
    return 1
  fi
}
# rec WHEN USER RECORD-OPTIONS...: record a case, print its ID.
rec() {
  local when="$1" user="$2"
  shift 2
  at "$when" "$user" record "$@"
}

# ---------------------------------------------------------------------------------------------
# 1. closed: received on a 国庆 holiday, counted from the next opening; promise kept, NPS 9.
A=$(rec 2026-10-04T21:30 li.wei \
  --customer 华东精密制造有限公司 --contact "张敏 (财务经理) <zhang.min@example.com>" \
  --title "数据迁移后库存数量与旧系统不一致" --category technical --priority high --channel email \
  --impact "仓储部 3 个仓库;10 月盘点无法开始" --remedy "10 月 9 日前给出差异清单并修正" \
  --person 张敏 --person "赵强 (仓库主管)" --tag 数据迁移 --tag 库存 \
  --description $'国庆假期第三天切换到新 ERP 后,客户抽查 200 个物料,\n其中 37 个的库存数量与旧系统期末数不一致,差异集中在带批次管理的物料。\n客户要求节后第一个工作日给出说明。')
at 2026-10-08T09:40 li.wei respond "$A" --channel phone --apology \
  --summary "电话致歉,说明假期值班未覆盖邮件;承诺当天给出差异清单" \
  --promise "发送完整的库存差异清单" --due 2026-10-08T18:00 \
  --promise "查明原因并给出修正方案" --due +2d
at 2026-10-08T16:20 li.wei investigate "$A" \
  --evidence "log:migration-run-20261003.log:批次拆分步骤跳过了 1,204 条记录" \
  --evidence "config:mapping/lot.yaml:批次字段映射到了旧版表结构" \
  --finding "差异物料全部带批次,且在旧系统中做过批次合并"
at 2026-10-08T17:30 li.wei update "$A" --channel email --keeps p1 \
  --summary "已发送 37 个物料的差异清单及对应批次明细"
at 2026-10-09T09:30 li.wei investigate "$A" \
  --root-cause "迁移脚本的批次映射沿用测试环境的旧表结构,合并过的批次被当作重复记录跳过" \
  --cause deployment --attribution ours --factor objective
a1=$(at 2026-10-09T09:40 li.wei action add "$A" "按正确映射重跑批次迁移并核对 37 个物料" --horizon short --due +6h)
a2=$(at 2026-10-09T09:42 li.wei action add "$A" "迁移前在预发环境用生产快照跑一次全量对账" --horizon mid --owner chen.jing --due 2026-10-30T18:00)
at 2026-10-09T15:20 li.wei action done "$A" "$a1" --verification "37 个物料数量与旧系统期末数一致,客户抽查通过"
at 2026-10-09T17:00 li.wei update "$A" --channel phone --keeps p2 --summary "说明原因与修正结果,客户确认数量正确"
at 2026-10-09T17:05 li.wei resolve "$A" --summary "重跑批次迁移,差异清零;客户仓库主管确认" --confirmed-by "赵强"
at 2026-10-12T10:00 wang.fang repair "$A" --apology written --apology-ref "致歉函 HJ-2026-017" \
  --compensation "免费增加一次盘点前数据核对"
at 2026-10-14T15:00 wang.fang review "$A" --publish --tag 数据迁移 \
  --lesson "节假日切换必须安排邮件值班,并在切换当天做抽样对账" \
  --lesson "迁移脚本的映射配置要随环境版本化,不能复用测试环境配置" \
  --prevention "上线检查单加入:生产快照全量对账通过后才切换"
at 2026-10-29T17:20 chen.jing action done "$A" "$a2" --verification "已加入迁移 runbook 第 4 步"
at 2026-11-06T14:00 li.wei follow-up "$A" --notes "回访仓库主管,盘点顺利完成,无新差异"
at 2026-11-06T14:30 li.wei survey "$A" --nps 9 --csat 5 --comment "处理及时,原因讲得清楚"
at 2026-11-06T15:00 li.wei close "$A"

# 2. closed: communication complaint in English; an update promise broken; follow-up declined,
#    so the close is forced with a reason; published with lessons.
B=$(rec 2026-10-13T10:05 sam.taylor \
  --customer "Northwind Logistics Ltd." --contact "Karen O'Neill (PMO) <k.oneill@northwind.example>" \
  --title "Go-live date moved without telling the customer's PMO" --category communication \
  --priority medium --channel meeting --impact "Customer PMO, 40 key users had booked training" \
  --remedy "A written plan and one point of contact" --tag go-live \
  --description $'In the weekly steering meeting the customer learned that go-live had moved\nfrom 1 Nov to 15 Nov. Our team had agreed the move internally on 9 Oct and\nnobody told the PMO; 40 key users had already booked their training days.')
at 2026-10-13T11:30 sam.taylor respond "$B" --channel meeting --apology \
  --summary "Apologised in the meeting; promised a revised plan in writing" \
  --promise "Send the revised go-live plan in writing" --due +1d
at 2026-10-15T16:00 sam.taylor update "$B" --channel email --keeps p1 \
  --summary "Sent the revised plan (a day late) with the new training calendar"
at 2026-10-15T10:00 sam.taylor investigate "$B" \
  --evidence "meeting:minutes-2026-10-09:internal decision, no customer attendee" \
  --evidence "interview:PM and consultant:each assumed the other had told the PMO" \
  --root-cause "No owner for customer communication of plan changes; the decision log had no 'customer informed' step" \
  --cause process --attribution ours --factor subjective
at 2026-10-15T10:20 sam.taylor action add "$B" "Name one customer-facing contact for Northwind" --horizon short --due +4h >/dev/null
at 2026-10-15T10:21 sam.taylor action add "$B" "Add 'customer informed (who, when)' to the change log template" --horizon mid --owner wang.fang --due 2026-10-31T18:00 >/dev/null
at 2026-10-15T14:00 sam.taylor action done "$B" a1 --verification "Karen confirmed Sam Taylor as the single contact"
at 2026-10-16T14:30 sam.taylor resolve "$B" --summary "Revised plan accepted; single point of contact named" --confirmed-by "Karen O'Neill"
at 2026-10-19T09:30 zhou.lei repair "$B" --apology verbal --compensation "Rebooked the 40 users' training at no charge"
at 2026-10-20T11:00 wang.fang review "$B" --publish --tag go-live \
  --lesson "A plan change is not done until the customer's PMO has it in writing" \
  --prevention "Change log template: 'customer informed' field, checked in the weekly review"
at 2026-10-30T17:00 wang.fang action done "$B" a2 --verification "Template v3 in use on all projects"
at 2026-11-13T10:00 zhou.lei survey "$B" --nps 6 --csat 3 --comment "Fixed quickly once raised, but it should not have happened"
at 2026-11-13T10:30 zhou.lei note "$B" "Karen declined a follow-up visit: project is live and the weekly call covers it."
at 2026-11-13T10:40 wang.fang close "$B" --force --reason "Customer declined the follow-up visit; weekly call continues"

# 3. reviewed: integration defect; follow-up visit due in December; published.
C=$(rec 2026-10-20T14:10 liu.yang \
  --customer 苏州恒远电子有限公司 --contact "周晓 (IT 主管) <zhou.xiao@hengyuan.example>" \
  --title "ERP 与 WMS 接口重复推送出库单,导致重复发货" --category technical --priority urgent \
  --channel phone --impact "2 个仓库;已重复发货 6 单,金额约 8.6 万元" --remedy "立即停止重复推送并协助追回" \
  --tag 接口 --tag WMS \
  --description $'客户反馈 10 月 20 日上午起,同一张出库单在 WMS 中出现两次,\n仓库按两张单各发了一次货。')
at 2026-10-20T14:40 liu.yang respond "$C" --channel phone --apology \
  --summary "致歉;已临时关闭自动推送改为手工确认" \
  --promise "两小时内确认是否还有其他重复单" --due +2h
at 2026-10-20T15:30 liu.yang escalate "$C" --to wang.fang --reason "涉及客户直接经济损失"
at 2026-10-20T16:20 liu.yang update "$C" --channel phone --keeps p1 --summary "核对完毕:共 6 单重复,清单已发"
at 2026-10-20T17:50 liu.yang investigate "$C" \
  --evidence "log:wms-bridge-20261020.log:网关超时后重试,未带幂等键" \
  --root-cause "接口重试时没有携带幂等键,WMS 把重试当作新单据" \
  --cause defect --attribution ours --factor objective
at 2026-10-20T18:00 liu.yang action add "$C" "推送接口加幂等键并在 WMS 侧去重" --horizon short --due +1d >/dev/null
at 2026-10-20T18:05 liu.yang action add "$C" "接口契约测试覆盖超时重试场景" --horizon long --owner liu.yang --due 2026-12-15T18:00 >/dev/null
at 2026-10-21T10:00 liu.yang update "$C" --channel phone --summary "幂等修复已在测试环境验证,上午上线"
at 2026-10-21T11:00 liu.yang action done "$C" a1 --verification "压测 500 次超时重试,无重复单"
at 2026-10-21T11:30 liu.yang resolve "$C" --summary "幂等键上线,自动推送恢复;协助客户追回 6 单货物" --confirmed-by "周晓"
at 2026-10-23T10:00 zhou.lei repair "$C" --apology written --apology-ref "致歉函 HY-2026-009" \
  --compensation "承担 6 单追回物流费用" --compensation "延长接口维保 3 个月" --follow-up-due 2026-12-01T10:00
at 2026-10-23T11:00 zhou.lei survey "$C" --nps 7 --csat 4 --comment "响应快,但损失让我们很被动"
at 2026-10-27T15:00 wang.fang review "$C" --publish --tag 幂等 \
  --lesson "所有会重试的写接口都必须幂等" --prevention "接口评审清单加入幂等与重试检查"

# 4. repaired: training complaint; apology and free training; survey NPS 5; review falls due soon.
D=$(rec 2026-11-12T09:20 chen.jing \
  --customer 杭州云帆连锁餐饮 --contact "吴婷 (培训负责人)" \
  --title "关键用户培训照本宣科,门店店长没学会月结" --category process --priority medium --channel email \
  --impact "18 家门店店长" --remedy "重新安排一次贴近门店场景的培训" --tag 培训 \
  --description $'客户反馈 11 月 10 日的培训只是念操作手册,\n没有结合门店实际单据,现场提问也没有得到回答。')
at 2026-11-12T11:00 chen.jing respond "$D" --channel phone --apology \
  --summary "致歉,约定下周一前给出重新培训方案" --promise "提交重新培训方案" --due 2026-11-16T18:00
at 2026-11-13T10:30 chen.jing update "$D" --channel email --keeps p1 --summary "已发送重新培训方案与门店案例清单"
at 2026-11-13T16:00 chen.jing investigate "$D" \
  --evidence "interview:讲师与两位店长:讲师未拿到门店样例单据" \
  --finding "培训前没有做需求调研" \
  --root-cause "培训准备流程缺少用户场景调研,讲师只按标准课件授课" \
  --cause process --attribution ours --factor subjective
at 2026-11-13T16:10 chen.jing action add "$D" "为店长补一次场景化月结培训" --horizon short --due 2026-11-17T18:00 >/dev/null
at 2026-11-13T16:12 chen.jing action add "$D" "培训准备清单加入关键用户场景调研" --horizon mid --owner wang.fang --due 2026-11-30T18:00 >/dev/null
at 2026-11-16T10:00 chen.jing update "$D" --channel phone --summary "确认周二下午补训,门店单据已收齐"
at 2026-11-17T09:45 chen.jing update "$D" --channel chat --summary "补训今天 14:00 开始,讲师已到现场"
at 2026-11-17T17:30 chen.jing action done "$D" a1 --verification "18 位店长现场完成一次月结演练"
at 2026-11-17T17:45 chen.jing resolve "$D" --summary "补训完成,店长能独立完成月结" --confirmed-by "吴婷"
at 2026-11-19T14:00 zhou.lei repair "$D" --apology verbal --compensation "赠送 2 次远程答疑课"
at 2026-11-20T10:00 zhou.lei survey "$D" --nps 5 --csat 3 --comment "补训不错,但第一次浪费了店长一天"

# 5. resolved: SSO login loop (English), received before office hours; the repair step is next.
E=$(rec 2026-11-19T08:47 sam.taylor \
  --customer "Bluewater Retail Group" --contact "Tom Becker (IT ops) <tom.becker@bluewater.example>" \
  --title "Users stuck in an SSO login loop after certificate renewal" --category technical \
  --priority high --channel ticket --impact "All 320 back-office users of the reporting portal" \
  --remedy "Restore login today" --tag sso --received-at 2026-11-19T07:55 \
  --description $'After the IdP signing certificate was renewed last night, the reporting portal\nredirects users back to the login page endlessly.')
at 2026-11-19T09:20 sam.taylor respond "$E" --channel email \
  --summary "Acknowledged; asked for the IdP metadata" --promise "Workaround or fix by 14:00" --due 2026-11-19T14:00
at 2026-11-19T11:40 sam.taylor investigate "$E" \
  --evidence "log:portal-auth.log:signature validation failed, old thumbprint" \
  --root-cause "The portal pins the IdP certificate thumbprint; the renewal was not applied to the portal" \
  --cause deployment --attribution shared --factor objective
at 2026-11-19T11:45 sam.taylor action add "$E" "Load the new IdP metadata into the portal" --due +2h >/dev/null
at 2026-11-19T12:30 sam.taylor action done "$E" a1 --verification "Tom and 3 users logged in"
at 2026-11-19T12:35 sam.taylor update "$E" --channel email --keeps p1 --summary "Login restored; metadata reloaded"
at 2026-11-19T12:40 sam.taylor action add "$E" "Read IdP metadata by URL so renewals apply automatically" --horizon long --due 2026-12-31T18:00 >/dev/null
at 2026-11-20T10:00 sam.taylor resolve "$E" --summary "New metadata loaded; no loop reports for 24 h" --confirmed-by "Tom Becker"

# 6. investigated: attitude complaint; subjective factor; mid action still open.
F=$(rec 2026-11-16T15:10 wang.fang \
  --customer 南京瑞丰医药股份有限公司 --contact "钱总 (财务总监)" \
  --title "实施顾问在需求评审会上态度生硬,多次打断客户发言" --category attitude --priority medium \
  --channel phone --impact "客户管理层对项目组信任下降" --remedy "更换顾问并书面道歉" --person "顾问 A" \
  --description $'客户财务总监来电投诉:11 月 16 日需求评审会上,\n我方顾问多次打断发言,并说"这个需求不合理,做不了"。')
at 2026-11-16T16:00 wang.fang respond "$F" --channel phone --apology \
  --summary "王芳致电道歉,承诺两天内完成内部调查并反馈" --promise "反馈调查结果与处理方案" --due 2026-11-18T18:00
at 2026-11-17T11:00 wang.fang investigate "$F" \
  --evidence "meeting:评审会录音 2026-11-16:第 35-52 分钟" \
  --evidence "interview:顾问 A 与项目经理" \
  --finding "顾问连续三周加班,会前未准备需求材料" \
  --root-cause "顾问超负荷且评审会缺少主持人,需求分歧演变为对抗" \
  --cause communication --attribution ours --factor subjective
at 2026-11-17T11:30 wang.fang action add "$F" "更换项目顾问并做交接" --owner chen.jing --due 2026-11-20T18:00 >/dev/null
at 2026-11-17T11:32 wang.fang action add "$F" "评审会设主持人,需求分歧走变更流程" --horizon mid --due 2026-12-05T18:00 >/dev/null
at 2026-11-17T15:00 wang.fang update "$F" --channel phone --summary "告知初步调查情况,约定周三当面反馈"
at 2026-11-18T14:30 wang.fang update "$F" --channel meeting --keeps p1 --summary "当面反馈调查结果,更换顾问方案获同意"
at 2026-11-19T14:00 chen.jing update "$F" --channel email --summary "新顾问人选与交接计划已发送"
at 2026-11-20T11:00 chen.jing action done "$F" a1 --verification "交接完成,新顾问参加了 11-20 例会"
at 2026-11-20T11:10 chen.jing update "$F" --channel meeting --summary "新顾问已接手,例会顺利"

# 7. responded, SLA breached: report subscription mails stopped; promise broken, escalated.
G=$(rec 2026-11-17T10:30 li.wei \
  --customer "上海景和物业管理有限公司" --contact "孙磊 <sun.lei@jinghe.example>" \
  --title "报表订阅邮件 11 月 15 日起不再发送" --category technical --priority high --channel email \
  --impact "管理层每日经营日报中断" --remedy "恢复日报邮件" --tag 报表)
at 2026-11-17T13:45 li.wei respond "$G" --channel email \
  --summary "已收到,正在检查邮件服务" --promise "给出原因和恢复时间" --due 2026-11-19T12:00
at 2026-11-18T10:00 li.wei investigate "$G" \
  --evidence "log:scheduler.log:SMTP 535 authentication failed" \
  --finding "客户 11 月 14 日修改了邮箱密码策略"
at 2026-11-20T09:10 li.wei wait "$G" --reason "等待客户 IT 提供新的 SMTP 授权码"
at 2026-11-20T16:30 li.wei resume "$G"
at 2026-11-20T16:40 li.wei note "$G" "客户 IT 提供的授权码仍然认证失败,需要对方管理员开通 SMTP 客户端权限"
at 2026-11-20T17:10 li.wei escalate "$G" --to wang.fang --reason "承诺已逾期,客户管理层每日询问"

# 8. investigated, reopened: approval workflow fixed, broke again after a patch; resolution overdue.
H=$(rec 2026-11-02T09:30 chen.jing \
  --customer 华东精密制造有限公司 --contact "张敏 (财务经理) <zhang.min@example.com>" \
  --title "采购审批流在金额超过 50 万时跳过总经理审批" --category technical --priority urgent \
  --channel phone --impact "内控风险;审计关注" --remedy "立即修复并补审已通过的单据" --tag 审批流)
at 2026-11-02T09:55 chen.jing respond "$H" --channel phone --apology \
  --summary "确认问题,先关闭大额自动审批" --promise "当天给出修复方案" --due 2026-11-02T18:00
at 2026-11-02T13:40 chen.jing update "$H" --channel phone --summary "已定位到审批条件配置,正在验证"
at 2026-11-02T14:00 chen.jing investigate "$H" \
  --evidence "config:workflow/po-approval.bpmn:金额条件写成了 > 500000 元(含税)" \
  --root-cause "审批条件按含税金额判断,而单据保存的是不含税金额" \
  --cause defect --attribution ours --factor objective
at 2026-11-02T15:00 chen.jing update "$H" --channel phone --keeps p1 --summary "说明原因,今晚修复"
at 2026-11-02T15:05 chen.jing action add "$H" "修正审批条件并补审 4 张单据" --due 2026-11-02T22:00 >/dev/null
at 2026-11-02T21:30 chen.jing action done "$H" a1 --verification "4 张单据已由总经理补审"
at 2026-11-03T09:30 chen.jing resolve "$H" --summary "审批条件修正,补审完成" --confirmed-by "张敏"
at 2026-11-18T09:20 chen.jing reopen "$H" --reason "11 月 17 日补丁升级覆盖了审批配置,问题复现"
at 2026-11-18T09:30 chen.jing investigate "$H" \
  --evidence "log:patch-2026-11-17.log:workflow definitions overwritten" \
  --finding "补丁升级用产品默认配置覆盖了客户化审批流"
at 2026-11-18T09:40 chen.jing action add "$H" "恢复客户化审批流,并把客户化配置纳入补丁保护清单" --due 2026-11-18T18:00 >/dev/null
at 2026-11-18T11:00 chen.jing update "$H" --channel phone --summary "确认是补丁覆盖配置,今天恢复"
at 2026-11-18T17:00 chen.jing action done "$H" a2 --verification "补丁演练后审批条件保持不变"
at 2026-11-18T17:10 chen.jing update "$H" --channel phone --summary "已恢复,观察两天后请客户确认"
at 2026-11-19T11:00 chen.jing update "$H" --channel email --summary "观察第一天:大额单据均进入总经理审批"
at 2026-11-19T17:00 chen.jing update "$H" --channel email --summary "今日 12 张大额单据审批路径正确"
at 2026-11-20T11:00 chen.jing update "$H" --channel email --summary "观察第二天正常,待客户审计确认后解决"
at 2026-11-20T17:30 chen.jing update "$H" --channel phone --summary "客户审计下周一复核"

# 9. responded, waiting on customer: history migration gap; clocks paused.
I=$(rec 2026-11-19T14:00 chen.jing \
  --customer 宁波海诚进出口有限公司 --contact "黄丽 (会计主管)" \
  --title "历史凭证迁移缺少 2019 年 7-9 月数据" --category technical --priority medium --channel chat \
  --impact "年度审计需要 2019 年凭证" --remedy "补迁缺失月份" --tag 数据迁移)
at 2026-11-19T15:10 chen.jing respond "$I" --channel chat \
  --summary "确认缺失范围,需要客户提供旧系统的原始导出文件"
at 2026-11-19T15:20 chen.jing wait "$I" --reason "等待客户提供旧系统 2019 年 7-9 月的原始导出文件"

# 10. recorded, first response breached: an email that fell through the cracks.
J=$(rec 2026-11-20T09:05 li.wei \
  --customer "Harbor Point Hotels" --contact "Mei Lin (Finance) <mei.lin@harborpoint.example>" \
  --title "Month-end exchange rate import fails for JPY" --category technical --priority medium \
  --channel email --received-at 2026-11-19T17:40 \
  --description $'The automatic month-end rate import stops at JPY with "rate out of range".\nThe finance team keys rates in by hand meanwhile.')
at 2026-11-20T09:06 li.wei note "$J" "Found in the shared mailbox on Friday; owner to respond."

# 11. recorded, fresh: urgent, first response due within the hour (warning at 10:00).
K=$(rec 2026-11-23T09:10 sam.taylor \
  --customer 华东精密制造有限公司 --contact "张敏 (财务经理) <zhang.min@example.com>" \
  --title "月结凭证过账报错 GL-4031,财务月结中断" --category technical --priority urgent \
  --channel phone --impact "财务部 12 名用户;11 月月结" --remedy "今天中午前恢复过账")

# 12. investigated and escalated (English): bank payment file integration; third party.
L=$(rec 2026-11-18T09:15 liu.yang \
  --customer "Northwind Logistics Ltd." --contact "Raj Patel (Treasury) <raj.patel@northwind.example>" \
  --title "Supplier payment files rejected by the bank since Nov 17" --category technical \
  --priority urgent --channel phone --impact "142 supplier payments delayed" \
  --remedy "Payments out by Friday" --tag integration --tag payments)
at 2026-11-18T09:40 liu.yang respond "$L" --channel phone --apology \
  --summary "Confirmed the rejections; opened a ticket with the bank's file gateway" \
  --promise "Root cause or a manual workaround by 14:00" --due 2026-11-18T14:00
at 2026-11-18T13:50 liu.yang update "$L" --channel email --keeps p1 \
  --summary "Workaround: payments split into files under 100 lines and uploaded manually"
at 2026-11-18T16:30 liu.yang investigate "$L" \
  --evidence "ticket:BANK-77812:gateway now requires the new pain.001 version" \
  --root-cause "The bank switched its gateway to pain.001.001.09 without notice; our export writes .03" \
  --cause third-party --attribution third-party --factor objective
at 2026-11-18T16:40 liu.yang action add "$L" "Export payment files as pain.001.001.09" --due 2026-11-24T18:00 >/dev/null
at 2026-11-18T16:45 liu.yang action add "$L" "Manual split upload until the new format ships" --due 2026-11-19T12:00 >/dev/null
at 2026-11-19T11:30 liu.yang action cancel "$L" a2 --reason "Bank offered a temporary .03 channel instead"
at 2026-11-19T11:40 liu.yang update "$L" --channel email --summary "Bank reopened the old format channel until 30 Nov"
at 2026-11-19T14:00 wang.fang escalate "$L" --to "customer success (zhou.lei)" --reason "Customer CFO asks for a formal timeline"
at 2026-11-19T16:00 zhou.lei update "$L" --channel phone --summary "CFO briefed; timeline meeting set for tomorrow"
at 2026-11-20T10:00 zhou.lei update "$L" --channel meeting --summary "Timeline agreed: new format in production on 24 Nov" \
  --promise "New format in production" --due 2026-11-24T18:00
at 2026-11-20T15:30 liu.yang note "$L" "pain.001.001.09 mapping passes the bank's validator; 2 of 14 fields left"
at 2026-11-20T16:30 liu.yang update "$L" --channel email --summary "New export passes the bank's validator in test"
at 2026-11-23T09:30 liu.yang update "$L" --channel email --summary "Test files accepted by the bank's sandbox"

# ---------------------------------------------------------------------------------------------
# Customer profiles: aliases, tier, lifecycle, key people, touchpoints (docs/customers.md).
at 2026-06-01T09:00 zhou.lei customer add 华东精密制造有限公司 --alias 华东精密 --alias 华东 \
  --alias HDJM --tier key --industry 精密制造 --lifecycle steady --owner li.wei
at 2026-06-01T09:05 zhou.lei customer set 华东 --channel 上门拜访 --language 中文 \
  --hours "工作日 14:00-17:00" --notes "月结在每月最后三个工作日,这段时间不安排升级。"
at 2026-06-01T09:10 zhou.lei customer person add 华东 --name 张敏 --role 财务经理 \
  --influence decision-maker --attitude supporter --contact zhang.min@example.com
at 2026-06-01T09:12 zhou.lei customer person add 华东 --name 赵强 --role 仓库主管 \
  --influence user --attitude critic --contact "分机 8021"
at 2026-06-01T09:14 zhou.lei customer person add 华东 --name 周总 --role 副总经理 \
  --influence decision-maker --attitude neutral
at 2026-10-20T16:00 li.wei touch 华东 --channel visit --summary "国庆迁移问题后的回访,仓库主管仍担心批次数据"
at 2026-06-01T10:00 zhou.lei customer add "Northwind Logistics Ltd." --alias Northwind \
  --tier key --industry logistics --lifecycle go-live --owner sam.taylor
at 2026-06-01T10:05 zhou.lei customer person add northwind --name "Karen O'Neill" --role PMO \
  --influence influencer --attitude critic --contact k.oneill@northwind.example
at 2026-06-01T10:07 zhou.lei customer person add northwind --name "Raj Patel" --role Treasury \
  --influence user --attitude neutral --contact raj.patel@northwind.example
at 2026-06-01T10:09 zhou.lei customer person add northwind --name "Dana Wu" --role CFO \
  --influence decision-maker --attitude neutral
at 2026-11-02T15:00 sam.taylor touch northwind --channel meeting --summary "Go-live readiness review with the PMO"
at 2026-06-01T11:00 zhou.lei customer add 苏州恒远电子有限公司 --alias 恒远电子 --tier standard \
  --industry 电子制造 --lifecycle implementation --owner chen.jing
at 2026-06-01T11:05 zhou.lei customer person add 恒远 --name 周晓 --role "IT 主管" \
  --influence influencer --attitude supporter --contact zhou.xiao@hengyuan.example
at 2026-09-15T10:00 chen.jing touch 恒远 --channel phone --summary "确认实施第二阶段范围"
at 2026-06-01T11:30 zhou.lei customer add 南京瑞丰医药股份有限公司 --alias 瑞丰医药 --tier key \
  --industry 医药 --lifecycle at-risk --owner wang.fang
at 2026-06-01T11:35 zhou.lei customer person add 瑞丰 --name 钱总 --role 财务总监 \
  --influence decision-maker --attitude critic
at 2026-06-01T12:00 zhou.lei customer add "Harbor Point Hotels" --alias "Harbor Point" \
  --tier standard --industry hospitality --lifecycle renewal --owner sam.taylor
at 2026-06-01T12:05 zhou.lei customer person add harbor --name "Mei Lin" --role Finance \
  --influence user --attitude supporter --contact mei.lin@harborpoint.example

# ---------------------------------------------------------------------------------------------
# The plans of the monthly review (docs/scorecard.md): November's, set at October's review, half
# done; December's, written at November's.
at 2026-10-30T17:00 wang.fang plan add 2026-11 "节假日切换安排邮件值班,切换当天抽样对账" --owner li.wei >/dev/null
at 2026-10-30T17:05 wang.fang plan add 2026-11 "每次升级前把发布说明发给客户" --owner sam.taylor >/dev/null
at 2026-11-10T10:00 li.wei plan done 2026-11 p1 --note "值班表已排到春节"
at 2026-11-23T09:30 wang.fang plan add 2026-12 "瑞丰医药:财务总监每两周一次进展通报" --owner wang.fang >/dev/null

echo "built $(find "$BOOK/cases" -name '*.yaml' | wc -l) cases and $(find "$BOOK/customers" -name '*.yaml' | wc -l) customer profiles in $BOOK" >&2

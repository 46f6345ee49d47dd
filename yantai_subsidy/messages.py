"""Every message a user can meet, by a stable id, in English and in Chinese.

Errors (:mod:`.errors`) carry an id of :data:`MESSAGES` and its parameters; the command line
prints them in the language of ``--lang`` (else ``YTSUB_LANG``, else the locale). Both texts of
an entry name the same placeholders (tests/test_messages.py); the English one is, byte for
byte, what ``str(err)`` has always said. Chinese reuses the output's words (render/words.py):
补助 a benefit, 措施/第N条 a measure, 档案 a profile, 情况 a fact, 规则文件 a rule file.

Imported only when a message is rendered: a run that meets no error never loads it.
"""

from __future__ import annotations

from collections.abc import Mapping

#: id → (English, Chinese) templates of :meth:`str.format`.
MESSAGES: dict[str, tuple[str, str]] = {
    # --- framing and plain text ---
    "text": ("{text}", "{text}"),
    "error": ("Error: {message}", "错误：{message}"),
    # where in a file (file:line, then the key path): the same in both languages, as a compiler says it
    "text.at": ("{where}: {path}: {message}", "{where}: {path}: {message}"),
    "text.at_file": ("{where}: {message}", "{where}: {message}"),
    "internal": (
        "Error: internal error ({kind}: {detail}). This is a bug in ytsub: please report "
        "it with the command you ran and ytsub --version.",
        "错误：内部错误（{kind}：{detail}）。这是 ytsub 的缺陷：请连同所运行的命令和 ytsub --version 的输出一并报告。",
    ),
    # --- pieces other messages hold ---
    "word.none": ("none", "无"),
    "hint.see_help": ("see {command} --help", "见 {command} --help"),
    "hint.options_written": ("options are written --name value", "选项写作 --name value"),
    "hint.one_file": (
        "give one file, or - for standard input",
        "请给出一个文件，或用 - 表示标准输入",
    ),
    "hint.switch_alone": ("{written} alone", "单独写 {written}"),
    "hint.switch_alone_or_false": (
        "{written} alone, or {written}=false",
        "单独写 {written}，或写 {written}=false",
    ),
    # the argument a command misses (cli.which_argument), by its metavar (declared.py)
    "noun.profile": ("profile", "档案"),
    "noun.word": ("word", "词语"),
    "noun.measure_or_benefit": ("measure or benefit", "措施或补助"),
    "hint.did_you_mean": (" (did you mean {word}?)", "（是否指 {word}？）"),
    "hint.suggested": (". Did you mean {words}?", "（是否指 {words}？）"),
    "hint.install": (
        "pip install '{distribution}[{extra}]' (with pipx: pipx inject {distribution} {module})",
        "pip install '{distribution}[{extra}]'（使用 pipx 时：pipx inject {distribution} {module}）",
    ),
    # the system's reasons (errors.OsReason): English is the system's own strerror
    "os.ENOENT": ("No such file or directory", "文件或目录不存在"),
    "os.EACCES": ("Permission denied", "权限不足"),
    "os.EPERM": ("Operation not permitted", "不允许的操作"),
    "os.EISDIR": ("Is a directory", "是目录"),
    "os.ENOTDIR": ("Not a directory", "不是目录"),
    "os.ENOSPC": ("No space left on device", "设备上没有剩余空间"),
    "os.EDQUOT": ("Disk quota exceeded", "超出磁盘配额"),
    "os.EFBIG": ("File too large", "文件过大"),
    "os.EROFS": ("Read-only file system", "只读文件系统"),
    "os.EEXIST": ("File exists", "文件已存在"),
    "os.ENAMETOOLONG": ("File name too long", "文件名过长"),
    "os.ELOOP": ("Too many levels of symbolic links", "符号链接层数过多"),
    "os.EIO": ("Input/output error", "输入/输出错误"),
    "os.EPIPE": ("Broken pipe", "管道已断开"),
    "os.EBADF": ("Bad file descriptor", "文件描述符无效"),
    "os.ENXIO": ("No such device or address", "设备或地址不存在"),
    "os.ETXTBSY": ("Text file busy", "文本文件忙"),
    "os.EMFILE": ("Too many open files", "打开的文件过多"),
    # --- the command line: options, arguments ---
    "cli.which_argument": (
        "which {noun}? ytsub {path} {metavar} [options] (see ytsub {path} --help)",
        "缺少{noun}：ytsub {path} {metavar} [选项]（见 ytsub {path} --help）",
    ),
    "cli.switch_left_over": (
        "{written} takes no value, so '{token}' is left over: write {how}",
        "{written} 不带值，因此“{token}”多余：请{how}",
    ),
    "cli.unexpected_argument": (
        "unexpected argument '{token}' ({usual})",
        "多余的参数“{token}”（{usual}）",
    ),
    "cli.no_such_option": ("no such option: {name}{hint}", "没有此选项：{name}{hint}"),
    "cli.takes_no_value": ("{name} does not take a value", "{name} 不带值"),
    "cli.given_twice": ("{name} is given twice", "{name} 给出了两次"),
    "cli.needs_value": ("{name} needs a value", "{name} 需要一个值"),
    "cli.no_such_command": (
        "No such command '{name}'{hint} (see {command} --help)",
        "没有此命令：“{name}”{hint}（见 {command} --help）",
    ),
    # click's own sentence for what ytsub does not word itself: it stays English
    "cli.click_other": ("{message} (see {command} --help)", "{message}（见 {command} --help）"),
    "cli.which_benefit": (
        "which benefit? ytsub estimate BENEFIT [options] (ytsub estimate --help lists them)",
        "缺少补助：ytsub estimate BENEFIT [选项]（ytsub estimate --help 列出全部补助）",
    ),
    "cli.option_given_twice": ("--{option} is given twice", "--{option} 给出了两次"),
    "cli.kind_unknown": (
        "--kind: '{kind}' is not one of {listed}",
        "--kind：“{kind}”不在 {listed} 之列",
    ),
    "cli.not_a_folder": ("'{directory}': not a folder", "“{directory}”：不是文件夹"),
    "cli.lang_unknown": (
        "{where}: '{raw}' is not one of zh, en",
        "{where}：“{raw}”不在 zh、en 之列",
    ),
    "cli.unit_unknown": (
        "--unit: '{option}' is not one of yuan, wan",
        "--unit：“{option}”不在 yuan、wan 之列",
    ),
    "cli.format_unknown": (
        "--format: '{option}' is not one of {listed}",
        "--format：“{option}”不在 {listed} 之列",
    ),
    # --- values of options, cells and profile facts (values.py) ---
    # what to give instead of an empty value (value.empty, value.not_finite)
    "value.money_examples": (
        "3000000, 3,000,000, 300万 or 0.03亿",
        "3000000、3,000,000、300万或0.03亿",
    ),
    "value.what_money": (
        "an amount of money such as 3000000, 3,000,000, 300万 or 0.03亿",
        "金额，例如 3000000、3,000,000、300万或0.03亿",
    ),
    "value.what_rate": ("a rate such as 1.5% or 0.015", "比率，例如 1.5% 或 0.015"),
    "value.what_count": ("a whole number", "整数"),
    "value.what_number": ("a number", "数值"),
    "value.foreign_digit": (
        "{name}: '{text}' holds '{odd}', which ytsub does not read as a digit: write 0–9 "
        "(or full-width ０–９)",
        "{name}：“{text}”含有“{odd}”，ytsub 不将其读作数字：请写 0–9（或全角 ０–９）",
    ),
    "value.empty": ("{name}: empty value: give {what}", "{name}：值为空：请给出{what}"),
    "value.not_finite": (
        "{name}: '{text}' is not a finite number: give {what}",
        "{name}：“{text}”不是有限数：请给出{what}",
    ),
    "value.negative": ("{name}: must not be negative: '{text}'", "{name}：不得为负数：“{text}”"),
    "value.money_wrong_type": (
        "{name}: give money as text, an integer or a Decimal, not {kind}",
        "{name}：金额应以文本、整数或 Decimal 给出，而不是 {kind}",
    ),
    "value.not_money": (
        "{name}: not an amount of money: '{text}' (write {examples})",
        "{name}：不是金额：“{text}”（请写作 {examples}）",
    ),
    "value.money_too_large": (
        "{name}: {text} is more than 10^15 yuan: check the figure",
        "{name}：{text} 超过 10^15 元：请核对数字",
    ),
    "value.rate_wrong_type": (
        "{name}: give a rate as text such as '1.5%', not {kind}",
        "{name}：比率应以文本给出，例如“1.5%”，而不是 {kind}",
    ),
    "value.not_rate": (
        "{name}: not a rate: '{text}' (write a percentage such as 3.45%)",
        "{name}：不是比率：“{text}”（请写作百分数，例如 3.45%）",
    ),
    "value.rate_bare_above_maximum": (
        "{name}: {text} reads as {value}, above {maximum}: write a per-cent with its sign ({text}%)",
        "{name}：{text} 读作 {value}，超过上限 {maximum}：百分数请带百分号书写（{text}%）",
    ),
    "value.rate_above_maximum": (
        "{name}: {value} is above {maximum}",
        "{name}：{value} 超过上限 {maximum}",
    ),
    "value.count_wrong_type": (
        "{name}: give a whole number, not {kind}",
        "{name}：请给出整数，而不是 {kind}",
    ),
    "value.not_whole": ("{name}: not a whole number: '{text}'", "{name}：不是整数：“{text}”"),
    "value.too_large": (
        "{name}: {text} is absurdly large: check the figure",
        "{name}：{text} 过大：请核对数字",
    ),
    "value.number_wrong_type": (
        "{name}: give a number as text, an integer or a Decimal, not {kind}",
        "{name}：数值应以文本、整数或 Decimal 给出，而不是 {kind}",
    ),
    "value.not_number": ("{name}: not a number: '{text}'", "{name}：不是数值：“{text}”"),
    "value.megawatts_in_wan": (
        "{name}: megawatts are not written in 万 or 亿: '{text}' would be {value} MW"
        " (40万千瓦 is 400 MW): give the megawatts as a plain number",
        "{name}：兆瓦数不用“万”“亿”书写：“{text}”将是 {value} 兆瓦（40万千瓦即 400 兆瓦）：请直接写兆瓦数",
    ),
    "value.date_empty": (
        "{name}: empty value: give a date such as 2024-03-31",
        "{name}：值为空：请给出日期，例如 2024-03-31",
    ),
    "value.not_date": (
        "{name}: not a date: '{text}' (write 2024-03-31 or 2024年3月31日)",
        "{name}：不是日期：“{text}”（请写作 2024-03-31 或 2024年3月31日）",
    ),
    "value.date_out_of_range": (
        "{name}: {text} is outside the years 1900–2100: check the date",
        "{name}：{text} 不在 1900–2100 年之间：请核对日期",
    ),
    "value.rate_above_one": (
        "{name}: '{text}' is not a rate: write it with a per-cent sign (3.45%) or as a "
        "fraction below 1 (0.0345)",
        "{name}：“{text}”不是比率：请带百分号（3.45%），或写作小于 1 的小数（0.0345）",
    ),
    "value.not_calendar_date": (
        "{name}: not a calendar date: '{text}'",
        "{name}：不是日历上的日期：“{text}”",
    ),
    "value.not_a_number": ("not a number: {text!r}", "不是数值：{text!r}"),
    "value.rate_ambiguous": (
        "{name}: '{text}' is ambiguous as a rate: write 100% or 1%, or a fraction below 1",
        "{name}：“{text}”作为比率有歧义：请写 100% 或 1%，或小于 1 的小数",
    ),
    # --- what a figure or a profile already says (one block: values, profile, schema, loader) ---
    # a dot that may separate thousands (values._DOT_THREE_RE, _EUROPEAN_RE)
    "value.dot_ambiguous": (
        "{name}: '{text}' is {decimal} with a decimal point but {thousands} with a dot between"
        " thousands (as European spreadsheets write it): write {decimal} or {thousands}",
        "{name}：“{text}”按小数点读是 {decimal}，按千位分隔点（欧洲表格的写法）读是 {thousands}"
        "：请写 {decimal} 或 {thousands}",
    ),
    "value.european": (
        "{name}: '{text}' is written the European way (dots between thousands, a comma before"
        " the decimals); ytsub reads a dot as the decimal point: write {meant}",
        "{name}：“{text}”是欧洲写法（以点分隔千位、以逗号作小数点），ytsub 将点读作小数点：请写 {meant}",
    ),
    # a count above what one profile can state (facts.yaml ``maximum``: a person is one guide)
    "profile.fact_above_maximum": (
        "{value} is more than {maximum} for one profile: {why}",
        "{value} 超过一份档案的上限 {maximum}：{why}",
    ),
    "schema.maximum_kind": (
        "facts.{fact_id}.maximum: no kind '{kind}'",
        "facts.{fact_id}.maximum：没有档案类型“{kind}”",
    ),
    "schema.fact_maximum": (
        "maximum: only a count fact has one, and its help says why",
        "maximum：只有计数类情况可设上限，并须在 help 中说明理由",
    ),
    # facts.yaml's settles, implies and warns (loader._check_links)
    "rulefile.no_such_condition": ("no condition {ref}", "没有条件 {ref}"),
    "rulefile.no_such_fact": (
        "no fact '{name}' (of type {type})",
        "没有情况“{name}”（类型 {type}）",
    ),
    "rulefile.settles_an_input": (
        "the benefit reads {fact} as an input: its calculator decides the condition",
        "该补助已将 {fact} 作为输入读取：由其计算器判定条件",
    ),
    "schema.warns_cause": (
        "warns: give either fact and values, or condition",
        "warns：请给出 fact 与 values，或给出 condition，二者取一",
    ),
    "rulefile.not_a_choice_of": (
        "'{value}' is not a choice of {fact}",
        "“{value}”不是 {fact} 的选项",
    ),
    "rulefile.no_such_param_of": (
        "{benefit} has no parameter '{name}'",
        "{benefit} 没有参数“{name}”",
    ),
    # --- a benefit's inputs (engine.py) ---
    "estimate.flag_not_yes_no": (
        "{name}: a yes/no flag: write true or false, not '{text}'",
        "{name}：此为是/否开关：请写 true 或 false，而不是“{text}”",
    ),
    "estimate.choice_unknown": (
        "{option}: '{text}' is not one of {allowed}{hint}",
        "{option}：“{text}”不在 {allowed} 之列{hint}",
    ),
    "estimate.confirm_and_deny": (
        "--confirm and --deny both name '{both}': give one",
        "--confirm 和 --deny 都列出了“{both}”：请只给其一",
    ),
    "estimate.no_calculator": (
        "no calculator named '{calculator}'",
        "没有名为“{calculator}”的计算器",
    ),
    "estimate.no_such_option": (
        "{benefit} has no option --{option}{hint}: its options are {listed}",
        "{benefit} 没有选项 --{option}{hint}：现有选项：{listed}",
    ),
    "estimate.given_twice": ("{option} is given twice", "{option} 给出了两次"),
    "estimate.needs_option": (
        "{benefit} needs {option} ({label}): ytsub estimate {benefit} --help",
        "{benefit} 需要 {option}（{label}）：见 ytsub estimate {benefit} --help",
    ),
    "estimate.not_positive": ("{name}: must be more than 0", "{name}：必须大于 0"),
    "estimate.above_maximum": (
        "{name}: {text} is more than {maximum}, the most it can be ({basis}): check the figure",
        "{name}：{text} 超过其上限 {maximum}（{basis}）：请核对",
    ),
    "estimate.below_minimum": (
        "{name}: must be at least {minimum}, not {value}",
        "{name}：不得小于 {minimum}（给出的是 {value}）",
    ),
    "estimate.rate_not_positive": ("{name}: must be more than 0%", "{name}：必须大于 0%"),
    "estimate.set_not_param_value": (
        "--set: write PARAM=VALUE (e.g. subsidy_rate=2%), not '{item}'",
        "--set：请写作 PARAM=VALUE（例如 subsidy_rate=2%），而不是“{item}”",
    ),
    "estimate.set_no_such_param": (
        "--set: {benefit} has no parameter '{name}'{hint}: its parameters are {listed}",
        "--set：{benefit} 没有参数“{name}”{hint}：现有参数：{listed}",
    ),
    "estimate.set_twice": ("--set: {name} is set twice", "--set：{name} 设置了两次"),
    "estimate.empty_condition": ("{option}: empty condition id", "{option}：条件编号为空"),
    "estimate.set_and_option": (
        "{option} and --set {target} both replace {target}: give one",
        "{option} 和 --set {target} 都替换 {target}：请只给其一",
    ),
    "estimate.no_such_condition": (
        "{option}: {benefit} has no condition '{cid}'{hint}: its conditions are {listed}",
        "{option}：{benefit} 没有条件“{cid}”{hint}：现有条件：{listed}",
    ),
    "estimate.condition_decided": (
        "{word} {cond}: contradicts {source}, which decides it",
        "{word} {cond}：与 {source} 矛盾，该条件由其决定",
    ),
    # --- checks of the calculators ---
    "calc.hours_over_a_day": (
        "--hours: {hours} hours is more than one day (连续{day_hours}小时为1日): give the "
        "hours of one day and the number of days with --days",
        "--hours：{hours} 小时超过一日（连续{day_hours}小时为1日）：请给出一日的小时数，并用 --days 给出天数",
    ),
    "calc.new_rate_above_current": (
        "--new-rate: {new} is above --current-rate {current}: the measure lowers the "
        "rate, there is no interest to save",
        "--new-rate：{new} 高于 --current-rate {current}：该措施是降低利率，没有可节省的利息",
    ),
    "calc.tax_above_price": (
        "--tax-paid: {tax} is more than the --sale-price {price}: the income tax on a "
        "sale cannot exceed its price",
        "--tax-paid：{tax} 超过 --sale-price {price}：一笔销售的所得税不能超过其售价",
    ),
    "calc.no_award_for_year": (
        "--year: the rules set no award per kW for a closure in {year}",
        "--year：规则未规定 {year} 年关停的每千瓦奖励标准",
    ),
    "calc.unit_above_capacity": (
        "--unit-kw: the largest unit closed ({unit} kW) cannot be larger than the "
        "capacity closed (--capacity-kw {capacity} kW)",
        "--unit-kw：关停的最大单机容量（{unit} kW）不能大于关停总容量（--capacity-kw {capacity} kW）",
    ),
    "calc.small_taxes_needs_one": (
        "small-taxes needs the amount due of at least one tax or surcharge: {options}",
        "small-taxes 需要至少一项税费的应缴金额：{options}",
    ),
    "calc.spent_above_paid_in": (
        "--spent-usd: the spending of the paid-in foreign capital cannot exceed --paid-in-usd",
        "--spent-usd：实缴外资的使用额不能超过 --paid-in-usd",
    ),
    "calc.fx_rate_inverted": (
        "--fx-rate: {fx} is not yuan per US dollar (about 7 in 2024, e.g. 7.1)",
        "--fx-rate：{fx} 不是每美元合人民币的汇率（2024年约为7，如 7.1）",
    ),
    "calc.fx_rate_per_hundred": (
        "--fx-rate: {fx} is not yuan per US dollar (about 7 in 2024, e.g. 7.1): a rate quoted"
        " per 100 dollars (外汇牌价) is divided by 100",
        "--fx-rate：{fx} 不是每美元合人民币的汇率（2024年约为7，如 7.1）：按每100美元报价的外汇牌价须除以100",
    ),
    "calc.outpatient_needs_one": (
        "outpatient needs at least one of --level1, --level2, --level3 (the year's "
        "outpatient expenses by hospital level)",
        "outpatient 需要 --level1、--level2、--level3 中至少一项（按医院等级的年度门诊费用）",
    ),
    "calc.childcare_needs_child": (
        "childcare needs --second or --third (second or third children enrolled)",
        "childcare 需要 --second 或 --third（在托的二孩或三孩人数）",
    ),
    # --- benefits, measures and bands by name (ruleset.py) ---
    "rules.unknown_benefit": (
        "unknown benefit '{name}'{hint}: ytsub estimate --help lists them",
        "未知补助“{name}”{hint}：ytsub estimate --help 列出全部补助",
    ),
    "rules.first_band_not_zero": (
        "{name}: the first band must start at 0",
        "{name}：第一档必须从 0 开始",
    ),
    "rules.bands_not_increasing": ("{name}: band starts must increase", "{name}：各档起点必须递增"),
    "rules.benefit_foreign_digit": (
        "unknown benefit '{name}': '{digit}' is not a digit ytsub reads (write 0–9)",
        "未知补助“{name}”：ytsub 不将“{digit}”读作数字（请写 0–9）",
    ),
    "rules.measure_several_benefits": (
        "measure {number} has several benefits: {listed}",
        "第{number}条有多项补助：{listed}",
    ),
    "rules.measure_foreign_digit": (
        "there is no measure '{name}': '{digit}' is not a digit ytsub reads (write 0–9)",
        "没有措施“{name}”：ytsub 不将“{digit}”读作数字（请写 0–9）",
    ),
    "rules.no_such_measure": (
        "there is no measure {number}: measures are numbered 1–{max}",
        "没有第{number}条：措施编号为 1–{max}",
    ),
    "rules.measure_no_amount": (
        "measure {number} has no amount to estimate ({kind}): see ytsub show {number}",
        "第{number}条没有可估算的金额（{kind}）：见 ytsub show {number}",
    ),
    # a measure's kind (render/words.py says them alike)
    "kind.benefit": ("benefit", "可估算"),
    "kind.informational": ("informational", "政策说明"),
    "kind.target": ("target", "工作目标"),
    # the name of a band's part in a value's error (value.*)
    "rules.band_start": ("{name} (band start)", "{name}（分档起点）"),
    "rules.band_rate": ("{name} (band rate)", "{name}（分档比率）"),
    "rules.bands_syntax": (
        "{name}: bands are written FROM:RATE,…, e.g. 0:1.5%,1000万:1%; got '{part}'",
        "{name}：分档写作 FROM:RATE,…，例如 0:1.5%,1000万:1%；而不是“{part}”",
    ),
    # --- list, search ---
    "catalogue.no_such_chapter": (
        "--chapter: the document has chapters 1–{max}, not {chapter}",
        "--chapter：文件共有第1–{max}章，没有第{chapter}章",
    ),
    "catalogue.no_match": ("No measure contains {words}.", "没有措施含有全部词语：{words}。"),
    "catalogue.quoted": ("'{word}'", "“{word}”"),
    "catalogue.search_no_word": (
        "search: give at least one word, e.g. ytsub search 贷款",
        "search：请至少给出一个词，例如 ytsub search 贷款",
    ),
    "catalogue.chapter_not_a_number": (
        "--chapter: the document has chapters 1–{max}, not '{shown}'",
        "--chapter：文件共有第1–{max}章，“{shown}”不是章号",
    ),
    # --- ytsub batch: its options and rows ---
    "batch.no_benefit_cell": (
        "no benefit: the row's benefit (or measure) cell is empty",
        "未指定补助：该行的 benefit（或 measure）单元格为空",
    ),
    "batch.benefit_measure_disagree": (
        "the row's benefit '{benefit}' is measure {measure}, but its measure cell says "
        "{cell}: correct one, or leave measure empty",
        "该行的补助“{benefit}”属于第{measure}条，但其 measure 单元格为 {cell}：请更正其一，或将 measure 留空",
    ),
    "batch.column_not_an_option": (
        "column '{column}' is not an option of {benefit} (its options: {listed}); to "
        "carry it into the results, name it in --keep",
        "列“{column}”不是 {benefit} 的选项（现有选项：{listed}）；如需将其带入结果，请在 --keep 中列出",
    ),
    "batch.jobs_below_one": (
        "--jobs: give 1 or more, not {jobs}",
        "--jobs：至少为 1，而不是 {jobs}",
    ),
    "batch.worker_could_not_start": (
        "a worker process could not start ({reason})",
        "有工作进程未能启动（{reason}）",
    ),
    "batch.worker_ended": (
        "the run stopped after row {done:,}: a worker process ended before its rows were done"
        " (killed, or out of memory?); run it again, or with --jobs 1",
        "在第 {done:,} 行之后中止：有工作进程在完成其各行之前结束（被终止，或内存不足？）；"
        "请重新运行，或用 --jobs 1 运行",
    ),
    "batch.which_file": (
        "which file? ytsub batch FILE|- [options] (ytsub batch --help)",
        "缺少文件：ytsub batch FILE|- [选项]（见 ytsub batch --help）",
    ),
    "batch.format_contradicts_output": (
        "--format {fmt} contradicts --output {output} (a {implied} file name): drop "
        "--format, or name the file for its format",
        "--format {fmt} 与 --output {output}（{implied} 文件名）相矛盾：请去掉 --format，或按格式为文件命名",
    ),
    "batch.keep_not_names": (
        "--keep: give column names separated by commas, not '{raw}'",
        "--keep：请给出以逗号分隔的列名，而不是“{raw}”",
    ),
    "batch.jobs_too_many": (
        "--jobs: give at most {most} worker processes, not {jobs} (more would only wait on the"
        " main process, which reads and writes every row)",
        "--jobs：工作进程最多 {most} 个，而不是 {jobs}（再多也只会等待读写每一行的主进程）",
    ),
    "batch.jobs_not_whole": (
        "--jobs: give a whole number of worker processes, not '{raw}'",
        "--jobs：请给出工作进程数（整数），而不是“{raw}”",
    ),
    "batch.output_is_input": (
        "--output {output} is the input file: write to another file",
        "--output {output} 就是输入文件：请写入另一个文件",
    ),
    "match.stdout_is_profile": (
        "stdout is the profile {source}: write the results to another file",
        "标准输出就是档案 {source}：请把结果写到其他文件",
    ),
    "batch.stdout_is_input": (
        "stdout is the input file {source}: write the results with --output OTHER_FILE",
        "标准输出就是输入文件 {source}：请用 --output OTHER_FILE 写出结果",
    ),
    "batch.keep_is_result_column": (
        "--keep: '{name}' is a column of the results already",
        "--keep：“{name}”已是结果中的列",
    ),
    "batch.keep_twice": ("--keep: '{name}' is named twice", "--keep：“{name}”列出了两次"),
    "batch.keep_no_such_column": (
        "--keep: the input has no column '{name}' (its columns: {listed})",
        "--keep：输入中没有列“{name}”（其列为：{listed}）",
    ),
    "batch.stdout_closed": (
        "stdout was closed before the run ended (| head?): not every row was written",
        "运行结束前标准输出已关闭（| head？）：并非每一行都已写出",
    ),
    "batch.cannot_write_stdout": (
        "cannot write the results to stdout: {reason}",
        "无法将结果写入标准输出：{reason}",
    ),
    "batch.cannot_write_output": (
        "--output: cannot write {path}: {reason} (it is left as it was)",
        "--output：无法写入 {path}：{reason}（该文件保持原样）",
    ),
    # the summary on stderr, its parts joined by "; "
    "summary.one_row": (
        "1 row: {ok} ok, {failed} failed; total {total} (CNY)",
        "共 1 行：成功 {ok} 行，失败 {failed} 行；合计 {total}（元）",
    ),
    "summary.rows": (
        "{rows} rows: {ok} ok, {failed} failed; total {total} (CNY)",
        "共 {rows} 行：成功 {ok} 行，失败 {failed} 行；合计 {total}（元）",
    ),
    "summary.own_money": (
        "{count} row(s) of the claimant's own money, not a subsidy (not added): {listed}",
        "{count} 行是领取人自己的钱，不是补贴（未计入合计）：{listed}",
    ),
    "summary.notes_left_out": (
        "(and notes of {count} more kinds of row: the JSON lines output carries every row's own)",
        "（另有 {count} 类行的说明未列出：JSON lines 输出中每行都带有自己的说明）",
    ),
    "summary.unstated": (
        "{count} row(s) whose amount the document does not state (not added): {listed}",
        "{count} 行的金额文件未作规定（未计入合计）：{listed}",
    ),
    "summary.other_units": (
        "{count} in other units (MW, MWh) not summed",
        "{count} 行以其他单位计（MW、MWh），未合计",
    ),
    "summary.blank": ("{count} blank row(s) skipped", "跳过 {count} 个空行"),
    # ytsub match over a client list: clients, then claimable benefits by measure
    "summary.one_client": (
        "1 client: {matched} matched, {failed} failed; {claimable} claimable benefit(s); total"
        " over all clients {total} (CNY, each client's periods added)",
        "1 个客户：{matched} 个已匹配，{failed} 个失败；可申领 {claimable} 项；"
        "全部客户合计 {total}（人民币，各客户各周期金额相加）",
    ),
    "summary.clients": (
        "{clients} clients: {matched} matched, {failed} failed; {claimable} claimable"
        " benefit(s); total over all clients {total} (CNY, each client's periods added)",
        "{clients} 个客户：{matched} 个已匹配，{failed} 个失败；可申领 {claimable} 项；"
        "全部客户合计 {total}（人民币，各客户各周期金额相加）",
    ),
    "summary.by_measure": ("by measure: {listed}", "按措施：{listed}"),
    "summary.measure_count": ("measure {measure}: {count}", "第{measure}条 {count} 项"),
    "summary.overridden": (
        "{count} row(s) with changed parameters (set)",
        "{count} 行改动了参数（set）",
    ),
    "summary.clients_changed": (
        "{count} client(s) with changed parameters (set)",
        "{count} 个客户改动了参数（set）",
    ),
    "summary.days_overridden": (
        "{count} client(s) with their own as_of matched as of --as-of {day} instead",
        "{count} 个客户有自己的 as_of，但按 --as-of {day} 匹配",
    ),
    "summary.own_day": (
        "{count} row(s) estimated as of their own as_of cell, not --as-of {day}",
        "{count} 行按其 as_of 列的日期估算，而非 --as-of {day}",
    ),
    "summary.overlays": ("rule files overlaid: {listed}", "叠加了规则文件：{listed}"),
    # an overlay others can write (loader.overlay_risks): on every answer made with it
    "overlay.writable": (
        "the overlaid rules may have been changed by others: {what} {path} can be written by {who}",
        "叠加的规则可能已被他人改动：{what} {path} 可由{who}写入",
    ),
    "text.warning": ("warning: {message}", "提示：{message}"),
    "overlay.folder": ("folder", "文件夹"),
    "overlay.file": ("file", "文件"),
    "overlay.owner": ("its owner {user}", "其所有者 {user}"),
    "overlay.group": ("group {group}", "用户组 {group}"),
    "overlay.others": ("every user", "所有用户"),
    # an XLSX input's hidden rows and columns, read as any other (batch_read.HiddenRead)
    "summary.hidden_rows": (
        "{count} row(s) hidden in the sheet (filtered out or hidden: sheet rows {listed}) were "
        "estimated like the others: their amounts are in the total",
        "工作表中隐藏（筛选掉或隐藏）的 {count} 行（工作表第 {listed} 行）也已估算，其金额计入合计",
    ),
    "summary.hidden_clients": (
        "{count} client(s) on rows hidden in the sheet (filtered out or hidden: sheet rows "
        "{listed}) were matched like the others: their amounts are in the total",
        "工作表中隐藏（筛选掉或隐藏）的行上有 {count} 个客户（工作表第 {listed} 行），"
        "也已匹配，其金额计入合计",
    ),
    "summary.hidden_columns": (
        "column(s) hidden in the sheet were read like the others: {listed}",
        "工作表中隐藏的列也已读取：{listed}",
    ),
    "summary.hidden_column": ("'{name}' (column {letters})", "“{name}”（{letters}列）"),
    # --- batch input files (batch_read.py) ---
    "input.in_column": ("column '{column}': ", "列“{column}”："),
    # a row that cannot be read: its error in the output, the next row follows
    "input.row_too_wide": (
        "row has {cells} cells but the header names {width} columns",
        "该行有 {cells} 个单元格，但标题行只有 {width} 列",
    ),
    "input.cell_unnamed": (
        "cell {cell} holds a value but its column has no name in the header",
        "第{cell}个单元格有值，但标题行中该列没有名称",
    ),
    "input.row_too_long": (
        "the row holds {size:,} characters; a batch reads rows of at most {limit:,}",
        "该行有 {size:,} 个字符；批量估算每行最多读取 {limit:,} 个字符",
    ),
    "input.json_too_deep": ("not a JSON object: nested too deeply", "不是 JSON 对象：嵌套过深"),
    "input.not_json": ("not a JSON object: {detail}", "不是 JSON 对象：{detail}"),
    "input.json_error_at": ("{error} (column {column})", "{error}（第{column}列）"),
    "input.json_surrogate": (
        "a string holds a lone surrogate (\\ud800–\\udfff)",
        "字符串中含有孤立的代理码元（\\ud800–\\udfff）",
    ),
    "input.json_not_object": (
        'not a JSON object: each line must be {{"benefit": …, …}}',
        '不是 JSON 对象：每行都应为 {{"benefit": …, …}}',
    ),
    "input.json_key_twice": (
        "'{name}' is given twice in the object: keep one",
        "“{name}”在对象中出现两次：请只保留一个",
    ),
    "input.wrong_encoding": (
        "the input is not {chosen} ({reason}): name its encoding with --encoding",
        "输入不是 {chosen} 编码（{reason}）：请用 --encoding 指明其编码",
    ),
    "input.float_not_finite": (
        "{where}{value} is not a finite number",
        "{where}{value} 不是有限数",
    ),
    "input.float_not_exact": (
        "{where}the float {text} is not an exact figure (arithmetic on floats): give it "
        "as text, or round it",
        "{where}浮点数 {text} 不是精确数值（浮点运算所致）：请以文本形式给出，或先行取整",
    ),
    "input.encoding_not_text": (
        "--encoding: '{name}' is not a text encoding of a file (give one such as utf-8, "
        "gb18030, utf-16-le)",
        "--encoding：“{name}”不是文件的文本编码（请给出 utf-8、gb18030、utf-16-le 等）",
    ),
    # where in a client list's row a value stands (ytsub match over a list)
    "client.the_row": ("the row", "该行"),
    "client.column": ("column {column}", "列 {column}"),
    # ytsub match over a client list (cli_match_list.py, client_list.py): its options and header
    "client.bom_not_csv": (
        "--bom: only for CSV output, not {fmt}",
        "--bom：仅用于 CSV 输出，不用于 {fmt}",
    ),
    "client.keep_with_folder": (
        "--keep: a folder of profiles has no columns to keep",
        "--keep：档案文件夹没有可带入结果的列",
    ),
    "client.memo_format_without_memo": (
        "--memo-format: give --memo DIR, the folder the memos go to",
        "--memo-format：请给出 --memo DIR，即备忘录写入的文件夹",
    ),
    "client.output_in_memo": (
        "--output {output} is inside --memo {memo}: the memo folder holds memos only",
        "--output {output} 位于 --memo {memo} 之内：备忘录文件夹只存放备忘录",
    ),
    "client.folder_no_profiles": (
        "{folder}: no profile files (*.yaml, *.yml, *.json) in the folder",
        "{folder}：文件夹中没有档案文件（*.yaml、*.yml、*.json）",
    ),
    "client.output_is_profile": (
        "--output {output} is a profile of the input folder: write to another file",
        "--output {output} 是输入文件夹中的档案：请写入另一个文件",
    ),
    "client.no_client": (
        "the input holds no client: a client list has one profile per row",
        "输入中没有客户：客户清单每行一份档案",
    ),
    "client.only_for_a_list": (
        "{option}: only for a client list (a .csv, .jsonl or .xlsx file, or a folder of"
        " profiles); {profile} is one profile",
        "{option}：仅用于客户清单（.csv、.jsonl 或 .xlsx 文件，或档案文件夹）；{profile} 是单个档案",
    ),
    "client.column_unknown": (
        "column '{name}' is neither a fact nor a column of a client list{hint}: ytsub facts"
        " lists the facts; to carry it into the results, name it in --keep",
        "列“{name}”既不是情况，也不是客户清单的列{hint}：ytsub facts 列出全部情况；"
        "如需将其带入结果，请在 --keep 中列出",
    ),
    "client.section_column": (
        "column '{name}': a benefit's own input is written benefits.BENEFIT.INPUT"
        " (benefits.voucher.category)",
        "列“{name}”：补助自身的输入写作 benefits.BENEFIT.INPUT（benefits.voucher.category）",
    ),
    "client.unknown_benefit": (
        "column '{name}': unknown benefit '{benefit}'{hint}: ytsub list shows them",
        "列“{name}”：未知补助“{benefit}”{hint}：ytsub list 列出全部补助",
    ),
    # a cell of benefits.BENEFIT.set (framed as the row's other errors: "column X: …")
    "client.set_not_assignments": (
        "write PARAM=VALUE;… (subsidy_rate=2%), not '{part}'",
        "请写作 PARAM=VALUE;…（subsidy_rate=2%），而不是“{part}”",
    ),
    # --memo DIR: a memo per client (memo.py)
    "memo.format_unknown": (
        "--memo-format: '{option}' is not one of {listed}",
        "--memo-format：“{option}”不在 {listed} 之列",
    ),
    "memo.not_a_folder": (
        "--memo: {path} exists and is not a folder: name a new folder",
        "--memo：{path} 已存在且不是文件夹：请指定一个新文件夹",
    ),
    "memo.cannot_read": (
        "--memo: cannot read {path}: {reason}",
        "--memo：无法读取 {path}：{reason}",
    ),
    "memo.not_empty": (
        "--memo: {path} is not empty: name a new or empty folder (memos are never mixed with"
        " other files)",
        "--memo：{path} 不是空文件夹：请指定一个新的或空的文件夹（备忘录从不与其他文件混放）",
    ),
    "memo.cannot_write": (
        "--memo: cannot write {path}: {reason}",
        "--memo：无法写入 {path}：{reason}",
    ),
    "memo.cannot_write_none_left": (
        "--memo: cannot write {path}: {reason} (no memo is left)",
        "--memo：无法写入 {path}：{reason}（未留下任何备忘录）",
    ),
    "input.csv_empty": (
        "the input is empty: a CSV needs a header row ({example})",
        "输入为空：CSV 需要标题行（{example}）",
    ),
    # the columns of which a header must name one: a batch's benefit, a client list's kind
    "input.or_column": (" (or '{name}')", "（或“{name}”列）"),
    "input.header_quote_unclosed": (
        "the header row opens a quote that is never closed",
        "标题行中的引号未闭合",
    ),
    "input.no_needed_column": (
        "no '{name}'{alternative} column in the header: {listed}",
        "标题行中没有“{name}”列{alternative}：{listed}",
    ),
    "input.workbook_no_sheet": ("the workbook has no sheet", "工作簿中没有工作表"),
    "input.input_format_unknown": (
        "--input-format: '{explicit}' is not one of csv, jsonl, xlsx",
        "--input-format：“{explicit}”不在 csv、jsonl、xlsx 之列",
    ),
    "input.encoding_unknown": (
        "--encoding: unknown encoding '{name}'",
        "--encoding：未知编码“{name}”",
    ),
    "input.encoding_no_bom": (
        "--encoding: the input does not start with a {chosen} byte-order mark: name the "
        "byte order ({chosen}-le or {chosen}-be)",
        "--encoding：输入开头没有 {chosen} 字节顺序标记：请指明字节顺序（{chosen}-le 或 {chosen}-be）",
    ),
    "input.header_unreadable": (
        "the header row cannot be read ({detail}): a quote opened in it is never closed?",
        "无法读取标题行（{detail}）：其中是否有未闭合的引号？",
    ),
    "input.row_quote_unclosed": (
        "row {number}: a quote opened in this row is never closed (the rest of the input "
        "would be read as one cell)",
        "第{number}行：该行中的引号未闭合（其后的全部输入将被读作一个单元格）",
    ),
    "input.column_twice": (
        "column '{name}' appears twice in the header ({first}, {second}): keep one",
        "列“{name}”在标题行中出现两次（{first}、{second}）：请只保留一列",
    ),
    "input.workbook_unreadable": (
        "not a readable .xlsx workbook ({detail})",
        "不是可读取的 .xlsx 工作簿（{detail}）",
    ),
    "input.formula_uncomputed": (
        "column '{column}': cell {cell} holds a formula whose result the workbook does not "
        "store (it was written by a program, not saved by a spreadsheet): open and save it "
        "in Excel or LibreOffice, or paste the values",
        "列“{column}”：单元格{cell}是公式，但工作簿中没有保存其计算结果（文件由程序写出，"
        "未经电子表格软件保存）：请用 Excel 或 LibreOffice 打开并保存，或粘贴为数值",
    ),
    "input.number_shown_in_wan": (
        "column '{column}': cell {cell} holds the number {value}, which its number format "
        "({format}) shows with {unit}: it may mean {value}{unit} or {value} yuan; write the "
        "amount in full, or as text ({value}{unit})",
        "列“{column}”：单元格{cell}的数值为{value}，其数字格式（{format}）显示为“{unit}”："
        "可能是{value}{unit}，也可能是{value}元；请写出完整金额，或写成文本（{value}{unit}）",
    ),
    "input.cell_merged": (
        "column '{column}': cell {cell} lies in the merged cell {merged}, which shows "
        "{value} there but holds it only in {first}: unmerge it and fill each row",
        "列“{column}”：单元格{cell}位于合并单元格{merged}中，显示为{value}，但该值只保存在{first}中："
        "请取消合并，并在每一行填写",
    ),
    "input.sheet_many_uncomputed": (
        "the first sheet holds more than {limit:,} formulas whose results the workbook does "
        "not store ({cell} is one): open and save it in Excel or LibreOffice, or paste the "
        "values",
        "第一个工作表中有超过 {limit:,} 个公式没有保存计算结果（如 {cell}）："
        "请用 Excel 或 LibreOffice 打开并保存，或粘贴为数值",
    ),
    "input.sheet_many_in_wan": (
        "the first sheet holds more than {limit:,} numbers that their format shows with 万 or "
        "亿 ({cell} is one): write the amounts in full, or as text (300万)",
        "第一个工作表中有超过 {limit:,} 个数值的数字格式显示为“万”或“亿”（如 {cell}）："
        "请写出完整金额，或写成文本（300万）",
    ),
    "input.sheet_many_merged": (
        "the first sheet holds more than {limit:,} merged cells ({cell} is one): unmerge them "
        "and fill each row",
        "第一个工作表中有超过 {limit:,} 个合并单元格（如 {cell}）：请取消合并，并在每一行填写",
    ),
    "input.formula_uncomputed_header": (
        "cell {cell} of the header holds a formula whose result the workbook does not "
        "store (it was written by a program, not saved by a spreadsheet): open and save it "
        "in Excel or LibreOffice, or paste the values",
        "标题行的单元格{cell}是公式，但工作簿中没有保存其计算结果（文件由程序写出，"
        "未经电子表格软件保存）：请用 Excel 或 LibreOffice 打开并保存，或粘贴为数值",
    ),
    "input.xlsx_needs_extra": (
        "reading .xlsx needs the excel extra: {install}",
        "读取 .xlsx 需要安装 excel 扩展：{install}",
    ),
    "input.sheet_not_first": (
        "the workbook opens on sheet '{shown}', but the first sheet, '{first}', is the one "
        "read: move '{shown}' to the front (or save it on its own), or open the workbook on "
        "'{first}' and save it",
        "工作簿打开时显示的是工作表“{shown}”，但读取的是第一个工作表“{first}”："
        "请把“{shown}”移到最前（或单独保存），或在“{first}”上保存工作簿",
    ),
    "input.sheet_empty": ("the workbook's first sheet is empty", "工作簿的第一个工作表为空"),
    "input.no_needed_column_sheet": (
        "no '{name}'{alternative} column in the first row of the sheet",
        "工作表第一行中没有“{name}”列{alternative}",
    ),
    "input.sheet_unreadable": (
        "the workbook's first sheet cannot be read after row {number} ({kind}): save it "
        "again, or as CSV",
        "工作簿的第一个工作表在第{number}行之后无法读取（{kind}）：请重新保存，或另存为 CSV",
    ),
    "input.empty_name": (
        "the input file's name is empty: give a file, or - for standard input",
        "输入文件名为空：请给出文件，或用 - 表示标准输入",
    ),
    "input.cannot_read": ("{path}: cannot read: {reason}", "{path}：无法读取：{reason}"),
    "input.row_quote_unreadable": (
        "row {number}: {detail}: a quote opened in this row is never closed (every row "
        "after it would be read as one cell)",
        "第{number}行：{detail}：该行中的引号未闭合（其后的每一行都将被读作一个单元格）",
    ),
    "input.workbook_part_too_big": (
        "the workbook's {name} is over {megabytes} MB: a batch reads shared strings of "
        "at most that size (save the sheet as CSV instead)",
        "工作簿的 {name} 超过 {megabytes} MB：批量估算读取的共享字符串不超过此大小（请将工作表另存为 CSV）",
    ),
    "input.workbook_doctype": (
        "the workbook's {name} declares a DOCTYPE: refused (entities are not read)",
        "工作簿的 {name} 声明了 DOCTYPE：拒绝读取（不读取实体）",
    ),
    "input.workbook_text_run": (
        "the workbook's {name} holds a run of over {limit:,} bytes of text: refused (a "
        "cell that long is not a row of a client list)",
        "工作簿的 {name} 含有超过 {limit:,} 字节的连续文本：拒绝读取（如此长的单元格不会是客户清单的一行）",
    ),
    # --- writing the results ---
    "output.cannot_write_file": (
        "--output: cannot write {path}: {reason}",
        "--output：无法写入 {path}：{reason}",
    ),
    "memo.dash": (
        "--memo: '-' is no folder (memos are one file per client, not standard output): "
        "name a new or empty folder",
        "--memo：“-”不是文件夹（备忘录每个客户一个文件，不能写到标准输出）：请给出一个新的或空的文件夹",
    ),
    "memo.empty_name": (
        "--memo: the folder name is empty: name a new or empty folder for the memos",
        "--memo：文件夹名为空：请为备忘录给出一个新的或空的文件夹",
    ),
    "output.empty_name": (
        "--output: the file name is empty: name a file, or leave --output out for stdout",
        "--output：文件名为空：请给出文件名，或去掉 --output 以写到标准输出",
    ),
    "output.xlsx_needs_file": (
        "--format xlsx writes a binary file: give --output FILE.xlsx",
        "--format xlsx 写出二进制文件：请用 --output FILE.xlsx 指定文件",
    ),
    "output.xlsx_needs_extra": (
        "writing .xlsx needs the excel extra: {install}",
        "写出 .xlsx 需要安装 excel 扩展：{install}",
    ),
    "output.cannot_write": ("cannot write the result: {reason}", "无法写出结果：{reason}"),
    "output.cannot_encode": (
        "cannot write the result in {encoding}, the encoding of standard output: it has no "
        "'{char}' (U+{code:04X}): set PYTHONIOENCODING=utf-8",
        "无法以标准输出的编码 {encoding} 写出结果：其中没有“{char}”（U+{code:04X}）：请设置 PYTHONIOENCODING=utf-8",
    ),
    "output.stdout_closed": (
        "cannot write the result: standard output is closed",
        "无法写出结果：标准输出已关闭",
    ),
    # --- profiles (ytsub match) ---
    "profile.too_big": (
        "{source}: more than a profile may hold (1 MB)",
        "{source}：超过档案的上限（1 MB）",
    ),
    "profile.lone_surrogate": (
        "{source}: \\u{code:04x} is half of a UTF-16 surrogate pair, not a character",
        "{source}：\\u{code:04x} 是 UTF-16 代理对的一半，不是字符",
    ),
    "profile.stdin_closed": (
        "<stdin>: standard input is closed: give a profile file",
        "<stdin>：标准输入已关闭：请给出档案文件",
    ),
    "profile.not_utf8": (
        "{source}: not UTF-8 (byte {start}): save it as UTF-8",
        "{source}：不是 UTF-8（第{start}字节）：请保存为 UTF-8",
    ),
    "profile.bad_json": (
        "{source}:{lineno}: not valid JSON: {msg}",
        "{source}:{lineno}：不是有效的 JSON：{msg}",
    ),
    "profile.too_deep": (
        "{source}: nested too deeply to be a profile",
        "{source}：嵌套过深，不可能是档案",
    ),
    "profile.stdin_unreadable": ("<stdin>: cannot read: {reason}", "<stdin>：无法读取：{reason}"),
    "profile.is_a_folder": (
        "{source}: a folder, not a profile file",
        "{source}：是文件夹，不是档案文件",
    ),
    "profile.empty_name": (
        "the profile's file name is empty: give a profile file, or - for standard input",
        "档案文件名为空：请给出档案文件，或用 - 表示标准输入",
    ),
    "profile.cannot_read": ("{source}: cannot read: {reason}", "{source}：无法读取：{reason}"),
    "profile.duplicate_key": ("{source}: duplicate key {key!r}", "{source}：重复的键 {key!r}"),
    "profile.not_a_mapping": (
        "a profile is a mapping of keys (kind, facts, confirm, …)",
        "档案应为键的映射（kind、facts、confirm …）",
    ),
    "profile.name_control": (
        "a control character (U+{code:04X}) in the name: write the name without it",
        "名称中有控制字符（U+{code:04X}）：请去掉",
    ),
    "profile.name_not_single": (
        "a name, not a list or a mapping",
        "名称应为单个值，而不是列表或映射",
    ),
    "profile.kind_missing": (
        "say what the profile is: one of {listed}",
        "请说明档案的类型：{listed} 之一",
    ),
    "profile.kind_unknown": (
        "'{text}' is not one of {listed}{hint}",
        "“{text}”不在 {listed} 之列{hint}",
    ),
    "profile.empty_value": (
        "empty value: give a value, or leave the key out",
        "值为空：请给出一个值，或删去此键",
    ),
    "profile.not_single": (
        "a single value, not a list or a mapping",
        "应为单个值，而不是列表或映射",
    ),
    "profile.list_not_choice": (
        "a single value: only a choice may list alternatives",
        "应为单个值：只有选项类输入可以列出多个备选值",
    ),
    "profile.facts_not_mapping": (
        "a mapping of facts (rd: 680万, …): ytsub facts lists them",
        "应为情况的映射（rd: 680万, …）：ytsub facts 列出全部情况",
    ),
    "profile.benefits_not_mapping": (
        "a mapping of benefit sections (techreno: {{years: 3}}, …)",
        "应为各项补助的映射（techreno: {{years: 3}}, …）",
    ),
    "profile.set_not_mapping": (
        "a mapping of parameters (subsidy_rate: 2%): ytsub show lists them",
        "应为参数的映射（subsidy_rate: 2%）：ytsub show 列出全部参数",
    ),
    "profile.unknown_benefit": (
        "unknown benefit '{name}'{hint}: ytsub list shows them",
        "未知补助“{name}”{hint}：ytsub list 列出全部补助",
    ),
    "profile.ids_not_list": (
        "a list of condition ids ([techloan.filed, …])",
        "应为条件编号的列表（[techloan.filed, …]）",
    ),
    "profile.no_such_condition": (
        "{benefit} has no condition '{cid}'{hint}: its conditions are {listed}",
        "{benefit} 没有条件“{cid}”{hint}：现有条件：{listed}",
    ),
    "profile.unknown_key": (
        "unknown key{hint}: a profile has {listed}",
        "未知的键{hint}：档案的键为 {listed}",
    ),
    "profile.confirm_and_deny": (
        "confirm and deny both name {benefit}.{both}",
        "confirm 和 deny 都列出了 {benefit}.{both}",
    ),
    "profile.empty_list": (
        "an empty list: give a value, or leave the key out",
        "列表为空：请给出一个值，或删去此键",
    ),
    "profile.choice_twice": ("a choice is listed twice", "同一选项列出了两次"),
    "profile.unknown_fact": (
        "unknown fact: ytsub facts lists them",
        "未知情况：ytsub facts 列出全部情况",
    ),
    "profile.fact_read_by_none": (
        "no benefit {who} may claim reads it ({listed})",
        "{who}可申领的补助都不读取此情况（{listed}）",
    ),
    "profile.section_not_mapping": (
        "a mapping of inputs (years: 3, confirm: […])",
        "应为输入的映射（years: 3, confirm: […]）",
    ),
    "profile.no_such_param": (
        "{benefit} has no parameter '{name}'{hint}: its parameters are {listed}",
        "{benefit} 没有参数“{name}”{hint}：现有参数：{listed}",
    ),
    "profile.param_not_single": (
        "a single value, as the document writes it",
        "应为单个值，按文件的写法",
    ),
    "profile.not_an_id": ("a condition id (techloan.filed)", "应为条件编号（techloan.filed）"),
    "profile.fact_at_top": ("a fact: put it under facts", "这是一项情况：请放在 facts 下"),
    "profile.benefit_at_top": (
        "a benefit's own inputs go under benefits",
        "补助自身的输入应放在 benefits 下",
    ),
    "profile.unknown_fact_hint": (
        "unknown fact{hint}: ytsub facts lists them",
        "未知情况{hint}：ytsub facts 列出全部情况",
    ),
    "profile.input_is_fact": (
        "{benefit}.{name} is the fact {fact}: give it under facts",
        "{benefit}.{name} 是情况 {fact}：请在 facts 下给出",
    ),
    "profile.no_such_input": (
        "{benefit} has no input '{name}' to give here{hint}: its own inputs are {listed} "
        "(and confirm, deny, set)",
        "{benefit} 没有可在此给出的输入“{name}”{hint}：其自身的输入：{listed}（以及 confirm、deny、set）",
    ),
    "profile.no_benefit_has_condition": (
        "no benefit {who} may claim has a condition '{item}'{hint}: write BENEFIT.ID "
        "(techloan.filed)",
        "{who}可申领的补助都没有条件“{item}”{hint}：请写作 BENEFIT.ID（techloan.filed）",
    ),
    "profile.condition_ambiguous": (
        "'{item}' is a condition of several benefits: write {names}",
        "“{item}”是多项补助的条件：请写作 {names}",
    ),
    "profile.not_for": ("{benefit} is for {who}, not {kind}", "{benefit} 面向{who}，而非{kind}"),
    # a beneficiary (help.py's BENEFICIARY says them alike in Chinese)
    "who.enterprise": ("an enterprise", "企业"),
    "who.person": ("a person", "个人"),
    "who.district": ("a district", "区市"),
    "who.bank": ("a lending bank", "贷款银行"),
    "who.institution": ("an institution", "机构"),
    "who.project": ("a project", "项目"),
    # --- ytsub match ---
    # where, as a profile's other errors say it (text.at): the same in both languages
    "match.benefit_error": ("{source}: {benefit}: {text}", "{source}: {benefit}: {text}"),
    "match.kind_unknown": (
        "--kind: '{kind}' is not one of {listed}{hint}",
        "--kind：“{kind}”不在 {listed} 之列{hint}",
    ),
    # --- rule files: ytsub's own checks of a field (schema.py), said inside pydantic's error ---
    "schema.date_format": (
        "a date is written 2024-03-31, not {raw!r}",
        "日期写作 2024-03-31，而不是 {raw!r}",
    ),
    "schema.not_a_list": (
        "a {kind} is a single value, not a list",
        "{kind} 类参数是单个值，而不是列表",
    ),
    "schema.number_unquoted": (
        "write the number as the document does, in quotes: '1.5%', '10万', '0.5'",
        "请按文件的写法、加引号写出数字：'1.5%'、'10万'、'0.5'",
    ),
    "schema.param_bool": ("a parameter value cannot be true/false", "参数值不能是 true/false"),
    "schema.quantity_unit": (
        "a quantity needs its unit (kW, MW, 亩, m2, hours …)",
        "数量需要单位（kW、MW、亩、m2、hours …）",
    ),
    "schema.bands_empty": (
        "a table of bands is a non-empty list of {{from, rate}}",
        "分档表是非空的 {{from, rate}} 列表",
    ),
    "schema.required_default": ("a required input has no default", "必填输入没有默认值"),
    "schema.maximum_not_rate": (
        "maximum goes with type: rate or type: count, and only with them",
        "maximum 只与 type: rate 或 type: count 搭配",
    ),
    "schema.maximum_basis": (
        "a whole number's maximum needs its maximum_basis: the rule that sets it",
        "整数的 maximum 需要 maximum_basis：规定该上限的依据",
    ),
    "schema.maximum_basis_not_count": (
        "maximum_basis goes with the maximum of a type: count",
        "maximum_basis 只与 type: count 的 maximum 搭配",
    ),
    "schema.choices_type": (
        "choices go with type: choice, and only with it",
        "choices 只与 type: choice 搭配",
    ),
    "schema.flag_default": (
        "a flag is off unless given: no required, no default",
        "开关未给出即为关闭：不设 required，不设 default",
    ),
    "schema.dates_basis": ("assumed dates need a basis", "假设的日期需要依据（basis）"),
    "schema.dates_quote": (
        "dates need the quote they come from, or assumed: true with a basis",
        "日期需要注明出处原文（quote），或写 assumed: true 并给出依据",
    ),
    "schema.from_after_until": ("from is after until", "from 晚于 until"),
    "schema.inputs_same_name": ("two inputs have the same name", "两个输入同名"),
    "schema.conditions_same_id": ("two conditions have the same id", "两个条件编号相同"),
    "schema.interpretations_same_id": ("two interpretations have the same id", "两条理解编号相同"),
    "schema.unbalanced_braces": (
        "unbalanced braces in {text!r}: {detail}",
        "{text!r} 中的花括号不配对：{detail}",
    ),
    "schema.field_no_param": (
        "{{{field}}} in {text!r}… names no parameter (write {{{{ and }}}} for braces)",
        "{text!r}… 中的 {{{field}}} 不是参数名（花括号本身请写作 {{{{ 和 }}}}）",
    ),
    "schema.field_format": (
        "a field of {text!r}… has a format: write {{{field}}}",
        "{text!r}… 中的字段带有格式：请写作 {{{field}}}",
    ),
    "schema.kind_benefit": (
        "kind: benefit goes with a non-empty benefits list, and only with it",
        "kind: benefit 只与非空的 benefits 列表搭配",
    ),
    "schema.rates_order": (
        "rates must be a non-empty list in date order, one entry per date",
        "rates 必须是按日期排序的非空列表，每个日期一项",
    ),
    "schema.checked_before_rate": (
        "checked.date is before the last rate's date: the check saw that rate",
        "checked.date 早于最后一项利率的日期：核对时已看到该利率",
    ),
    "schema.input_twice": ("an input is listed twice", "同一输入列出了两次"),
    "schema.fact_two_inputs": (
        "a fact feeds one input of a benefit, not two",
        "一项情况只对应一项补助的一个输入，不能是两个",
    ),
    "schema.fact_unit": (
        "a {type} fact needs its unit (CNY, months, kW …)",
        "{type} 类情况需要单位（CNY、months、kW …）",
    ),
    "schema.fact_no_unit": ("a {type} fact has no unit", "{type} 类情况没有单位"),
    "schema.own_money_funded": (
        "own_money: the claimant's own money is funded by no one: give funding: none",
        "own_money：领取人自己的钱不由任何一方出资：请写 funding: none",
    ),
    "schema.received_and_behalf": (
        "{beneficiary} is both received and on behalf",
        "{beneficiary} 既在 receives 中，又在 on_behalf 中",
    ),
    "schema.not_calendar_date": ("not a calendar date: {raw!r}", "不是日历上的日期：{raw!r}"),
    "schema.assumed_basis": (
        "an assumed parameter needs a basis: where does the value come from?",
        "假设的参数需要依据（basis）：数值从何而来？",
    ),
    "schema.assumed_quote": (
        "an assumed parameter has no quote (the document does not give it)",
        "假设的参数没有出处原文（文件未给出该值）",
    ),
    "schema.param_quote": (
        "a parameter needs the quote it comes from, or assumed: true with a basis",
        "参数需要注明出处原文（quote），或写 assumed: true 并给出依据",
    ),
    "schema.boundary_unknown": (
        "unknown boundary word {boundary!r}: use one of {listed}",
        "未知的边界用语 {boundary!r}：请使用 {listed} 之一",
    ),
    "schema.boundary_inclusive": (
        "{boundary} normally {reading} the number; reading it otherwise needs an interpretation",
        "“{boundary}”通常{reading}本数；作其他理解需要写明理解（interpretation）",
    ),
    "schema.inclusive_alone": (
        "inclusive needs the boundary word it qualifies (boundary: 以上 …)",
        "inclusive 需要它所修饰的边界用语（boundary: 以上 …）",
    ),
    "schema.default_not_choice": (
        "default {default!r} is not one of the choices",
        "默认值 {default!r} 不在选项之列",
    ),
    "schema.one_of_few": (
        "requires_one_of names two or more different inputs",
        "requires_one_of 须列出两个或以上不同的输入",
    ),
    "schema.decided_by_unknown": (
        "condition {cond}: decided_by {decided_by!r} is not an input",
        "条件 {cond}：decided_by {decided_by!r} 不是输入",
    ),
    "schema.own_figure_not_assumed": (
        "input {name}: own_figure needs replaces naming an assumed parameter (replacing one the"
        " document gives changes the rules)",
        "输入 {name}：own_figure 须配合 replaces 指向一个假设参数（替换文件给出的参数即改动规则）",
    ),
    "schema.replaces_unknown": (
        "input {name}: replaces {replaces!r}, which is not a parameter",
        "输入 {name}：replaces {replaces!r} 不是参数",
    ),
    "schema.local_twice": (
        "local.{benefit}: an input is listed twice",
        "local.{benefit}：同一输入列出了两次",
    ),
    "schema.default_below_minimum": (
        "default {raw!r} is below the minimum {minimum}",
        "默认值 {raw!r} 小于下限 {minimum}",
    ),
    "schema.default_zero": (
        "default {raw!r} is 0, but the input is positive",
        "默认值 {raw!r} 为 0，但该输入须为正数",
    ),
    "schema.one_of_unknown": (
        "requires_one_of: {name!r} is not an input",
        "requires_one_of：{name!r} 不是输入",
    ),
    "schema.one_of_required": (
        "requires_one_of: {name!r} is required: it is always given",
        "requires_one_of：{name!r} 是必填的：总会给出",
    ),
    "schema.reading_param_unknown": (
        "interpretation params: {name!r} is not a parameter of the benefit",
        "理解的 params：{name!r} 不是该补助的参数",
    ),
    "schema.field_not_param": (
        "{{{field}}} in {text!r}… is not a parameter of the benefit",
        "{text!r}… 中的 {{{field}}} 不是该补助的参数",
    ),
    "schema.read_as_two_facts": (
        "{ref} is read as two facts: {owner} and {fact_id}",
        "{ref} 被读作两项情况：{owner} 和 {fact_id}",
    ),
    "schema.local_and_fact": (
        "{ref} is both local and the fact {owner}",
        "{ref} 既是 local，又是情况 {owner}",
    ),
    "schema.includes": ("includes", "包含"),
    "schema.excludes": ("excludes", "不包含"),
    # --- rule files (--rules, rules check); pydantic's own wording of a validation error stays English ---
    "rulefile.bundled_missing": (
        "the bundled rule files are missing: reinstall ytsub",
        "内置规则文件缺失：请重新安装 ytsub",
    ),
    "rulefile.rules_empty": (
        "--rules: empty value: give a folder of rule files",
        "--rules：值为空：请给出规则文件所在的文件夹",
    ),
    "rulefile.not_a_rules_folder": (
        "{source}: not a folder of rule files",
        "{source}：不是规则文件所在的文件夹",
    ),
    "rulefile.folder_has_no_rules": (
        "{source}: no rule file in this folder (m48-techloan.yaml, document.yaml, "
        "lpr.yaml, facts.yaml …)",
        "{source}：此文件夹中没有规则文件（m48-techloan.yaml、document.yaml、lpr.yaml、facts.yaml …）",
    ),
    "rulefile.too_big": (
        "{size} bytes is more than a rule file may hold (1 MB)",
        "{size} 字节超过规则文件的上限（1 MB）",
    ),
    "rulefile.not_a_mapping": (
        "a rule file is a mapping of keys (schema, measure, …)",
        "规则文件应为键的映射（schema、measure …）",
    ),
    "rulefile.cannot_list": (
        "{source}: cannot list the folder: {reason}",
        "{source}：无法列出文件夹：{reason}",
    ),
    "rulefile.name_not_lower_yaml": (
        "not a rule file name: rule files end in .yaml (lower case): {stem}.yaml",
        "不是规则文件名：规则文件以 .yaml（小写）结尾：{stem}.yaml",
    ),
    "rulefile.is_a_folder": ("a folder, not a rule file", "是文件夹，不是规则文件"),
    "rulefile.not_regular_special": (
        "not a regular file (a FIFO, a device or a socket)",
        "不是普通文件（而是 FIFO、设备或套接字）",
    ),
    "rulefile.overlay_too_big": (
        "{source}: its rule files hold more than {megabytes} MB: an overlay holds the "
        "few files it changes",
        "{source}：其规则文件超过 {megabytes} MB：叠加目录只应包含它改动的少数文件",
    ),
    "rulefile.cannot_read": ("cannot read: {reason}", "无法读取：{reason}"),
    "rulefile.not_utf8": (
        "not UTF-8 (byte {start}): save the file as UTF-8",
        "不是 UTF-8（第{start}字节）：请将文件保存为 UTF-8",
    ),
    "rulefile.empty": ("the file is empty", "文件为空"),
    "rulefile.bad_yaml": ("not valid YAML: {problem}", "不是有效的 YAML：{problem}"),
    "rulefile.too_deep": ("nested too deeply", "嵌套过深"),
    "rulefile.aliases": (
        "YAML anchors and aliases are not allowed (&name, *name): write each value out",
        "不允许使用 YAML 锚点和别名（&名称、*名称）：请逐一写出各值",
    ),
    "rulefile.name_and_measure_differ": (
        "the file name says measure {number}, the file says {said}",
        "文件名表明是第{number}条，文件内容却是第{said}条",
    ),
    "rulefile.missing": ("missing from the rule set", "规则集中缺少此文件"),
    "rulefile.no_such_chapter": (
        "chapter {chapter} is not one of the chapters of {document} ({listed})",
        "第{chapter}章不在 {document} 的章节之列（{listed}）",
    ),
    "rulefile.measure_twice": (
        "measure {number} is also defined in {other}",
        "第{number}条也在 {other} 中定义",
    ),
    "rulefile.vocabulary_reads_change": (
        "the profile vocabulary ({display}: {path}) reads what this file changed: "
        "{message}; keep it as it was, or overlay facts.yaml too",
        "档案词汇（{display}：{path}）读取了此文件改动的内容：{message}；请保持原样，或一并叠加 facts.yaml",
    ),
    "rulefile.no_such_benefit": ("no benefit '{benefit}'", "没有补助“{benefit}”"),
    "rulefile.dangling_link": (
        "a link to nothing, or a loop of links",
        "链接指向不存在的目标，或链接成环",
    ),
    "rulefile.unreadable": ("cannot read", "无法读取"),
    "rulefile.os_error": ("{what}: {reason}", "{what}：{reason}"),
    "rulefile.not_regular": ("not a regular file", "不是普通文件"),
    "rulefile.benefit_removed": (
        "no benefit '{benefit}': did an overlaid file remove it ({listed})? keep it, or "
        "overlay facts.yaml too",
        "没有补助“{benefit}”：是否被叠加的文件删除了（{listed}）？请保留它，或一并叠加 facts.yaml",
    ),
    "rulefile.name_not_measure": (
        "not a rule file name: measures are mNN-slug.yaml (m48-techloan.yaml), besides "
        "document.yaml, lpr.yaml and facts.yaml",
        "不是规则文件名：措施文件名为 mNN-slug.yaml（m48-techloan.yaml），"
        "此外还有 document.yaml、lpr.yaml 和 facts.yaml",
    ),
    "rulefile.word_names_two": (
        "'{word}' names two benefits (also {other_id} of {other_file})",
        "“{word}”指向两项补助（另一项为 {other_file} 中的 {other_id}）",
    ),
    # the profile vocabulary (facts.yaml) against the benefits' inputs
    "rulefile.no_such_input": (
        "{benefit} has no input '{name}' (its inputs: {listed})",
        "{benefit} 没有输入“{name}”（现有输入：{listed}）",
    ),
    "rulefile.fact_type": (
        "{ref} is a {type}, the fact a {fact_type}",
        "{ref} 的类型为 {type}，该情况的类型为 {fact_type}",
    ),
    "rulefile.fact_unit": (
        "{ref} is in {unit}, the fact in {fact_unit}",
        "{ref} 的单位为 {unit}，该情况的单位为 {fact_unit}",
    ),
    "rulefile.fact_choices": (
        "{ref} has other choices than {other}",
        "{ref} 的选项与 {other} 不同",
    ),
    # an overlaid benefit against what its calculator reads (as the bundled rules give it)
    "rulefile.needs_reading": (
        "the calculator '{calc}' applies the reading {rid}, which is missing: keep the"
        " interpretation with id: {rid}",
        "计算器“{calc}”采用理解 {rid}，但规则中没有：请保留 id: {rid} 的理解",
    ),
    "rulefile.needs_param": (
        "the calculator '{calc}' reads the parameter {name} (a {kind}), which is missing",
        "计算器“{calc}”读取参数 {name}（{kind}），但规则中没有",
    ),
    "rulefile.param_type": (
        "the calculator '{calc}' reads {name} as a {kind}, not a {got}",
        "计算器“{calc}”将 {name} 读作 {kind}，而不是 {got}",
    ),
    "rulefile.param_boundary": (
        "the calculator '{calc}' tests a value against {name}: it needs its boundary word (以上, 超过 …)",
        "计算器“{calc}”以 {name} 为界判断数值：需要其边界用语（以上、超过 …）",
    ),
    "rulefile.needs_input": (
        "the calculator '{calc}' reads the input {option} (a {kind}), which is missing",
        "计算器“{calc}”读取输入 {option}（{kind}），但规则中没有",
    ),
    "rulefile.input_type": (
        "the calculator '{calc}' reads {option} as a {kind}, not a {got}",
        "计算器“{calc}”将 {option} 读作 {kind}，而不是 {got}",
    ),
    "rulefile.input_choices": (
        "the calculator '{calc}' knows the choices {listed} of {option}",
        "计算器“{calc}”只认 {option} 的选项 {listed}",
    ),
    "rulefile.no_parameter": ("no parameter", "任何参数"),
    "rulefile.input_replaces": (
        "the calculator '{calc}' expects {option} to replace {what}",
        "计算器“{calc}”要求 {option} 替换{what}",
    ),
    "rulefile.input_always": (
        "the calculator '{calc}' needs a value of {option}: keep it required or give it a default",
        "计算器“{calc}”需要 {option} 的值：请保持其为必填，或给出默认值",
    ),
    "rulefile.input_minimum": (
        "the calculator '{calc}' needs {option} to be at least {minimum}: keep its minimum",
        "计算器“{calc}”要求 {option} 不小于 {minimum}：请保留其下限",
    ),
    "rulefile.figure_not_quoted": (
        "{value} is not the figure of its quote “{quote}”, which the published rule gives for "
        "{published}: quote the sentence that gives {value}, or write assumed: true with its basis",
        "{value} 不是其引文“{quote}”中的数字（已发布的规则以此引文给出 {published}）："
        "请引用给出 {value} 的原文，或写明 assumed: true 及其依据",
    ),
    "rulefile.input_maximum": (
        "the calculator '{calc}' reads {option} up to {maximum}: keep its maximum "
        "(a guard against a misread figure)",
        "计算器“{calc}”读取的 {option} 不超过 {maximum}：请保留其上限（防止误读数字）",
    ),
    "rulefile.input_positive": (
        "the calculator '{calc}' needs {option} to be more than 0: keep positive: true",
        "计算器“{calc}”要求 {option} 大于 0：请保留 positive: true",
    ),
    "rulefile.input_unread": (
        "the calculator '{calc}' does not read an input {option}: it would be ignored",
        "计算器“{calc}”不读取输入 {option}：它将被忽略",
    ),
    "rulefile.needs_condition": (
        "the calculator '{calc}' decides the condition {cid}, which is missing",
        "计算器“{calc}”判定条件 {cid}，但规则中没有",
    ),
    # YAML itself (PyYAML's own wording of a syntax error stays English)
    # a field pydantic refuses: its words stay English, ytsub's own are in either language
    # ytsub rules check
    "rulefile.problems": (
        "{count} problem(s) in {files} rule files.",
        "{files} 个规则文件中有 {count} 处问题。",
    ),
    "rulefile.calculator_missing": (
        "{file}: benefit {benefit}: no calculator named '{calculator}'",
        "{file}: 补助 {benefit}：没有名为“{calculator}”的计算器",
    ),
    "rulefile.invalid": ("{message}{more}", "{message}{more}"),
    "rulefile.and_more": (" (and {count} more)", "（另有 {count} 处）"),
    "rulefile.unknown_key": (
        "unknown key (a typo? the schema has no such field: ytsub rules schema lists them)",
        "未知的键（是否拼错？schema 中没有此字段：ytsub rules schema 列出全部字段）",
    ),
    "rulefile.key_missing": ("required key is missing", "缺少必需的键"),
    "rulefile.char_not_allowed": (
        "character #x{char:04x} is not allowed ({reason})",
        "不允许使用字符 #x{char:04x}（{reason}）",
    ),
    "rulefile.key_not_text": ("a key must be plain text", "键必须是纯文本"),
    "rulefile.duplicate_key": (
        "duplicate key {key!r} (first on line {first})",
        "重复的键 {key!r}（首次出现在第{first}行）",
    ),
    "rulefile.tag_refused": ("{tag} {value!r} is not {what}", "{tag} {value!r} 不是{what}"),
    "rulefile.what_int": ("a plain decimal integer", "普通十进制整数"),
    "rulefile.what_bool": ("true or false", "true 或 false"),
    "rulefile.what_date": ("a date written 2024-03-31", "写作 2024-03-31 的日期"),
    "rulefile.not_combinable_unknown": (
        "not_combinable_with: no benefit '{other}'",
        "not_combinable_with：没有补助“{other}”",
    ),
}


def render(key: str, params: Mapping[str, object], lang: str = "en") -> str:
    """The message ``key`` in ``lang``, its parameters filled (a message in them, in ``lang`` too)."""
    entry = MESSAGES.get(key)
    if entry is None:  # code outside ytsub raising its errors with a text of its own: as it is
        return key
    english, chinese = entry
    template = chinese if lang == "zh" else english
    filled = {
        name: value.render(lang) if hasattr(value, "render") else value
        for name, value in params.items()
    }
    return template.format_map(filled)

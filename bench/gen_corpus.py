#!/usr/bin/python3
"""Writes a deterministic corpus of news articles as Markdown files with
YAML front matter (docs/files.md), the way Hugo keeps content.

    gen_corpus.py OUTDIR COUNT [--start N] [--seed S]

Article i (numbered from --start, default 0) depends only on the seed and
on i, so a corpus can be written in chunks (``--start 0``, ``--start
100000``, ...) and every chunk is the same whatever was written before.
Each article has:

- a language: kk (45%), ru (35%) or en (20%), with prose in it;
- one or two of ten sections, a title, a lead, an author, one to three
  tags, a unique slug ``<section>-<i>`` and a publication time (article i
  is published 7 minutes after article i-1, from 2024-01-01T08:00+05:00);
- a 1.5-4 KB body of paragraphs with links, emphasis and strong text,
  block quotes, bulleted and numbered lists and second-level headings.

Files go to ``OUTDIR/<lang>/<NNNNNNN>.md``; ``OUTDIR/_site.yaml`` and
``OUTDIR/_sections.yaml`` are written too (qalam_import() reads them;
Hugo ignores names starting with ``_``).
"""

from __future__ import annotations

import argparse
import os
import random
from datetime import datetime, timedelta, timezone

SECTIONS = [
    ("news", "News"), ("politics", "Politics"), ("economy", "Economy"),
    ("society", "Society"), ("world", "World"), ("sport", "Sport"),
    ("culture", "Culture"), ("science", "Science"), ("tech", "Technology"),
    ("opinion", "Opinion"),
]
LANGS = [("kk", 45), ("ru", 35), ("en", 20)]
START = datetime(2024, 1, 1, 8, 0, tzinfo=timezone(timedelta(hours=5)))
STEP = timedelta(minutes=7)

# Word pools per language: who, what they did, what, where, when, and
# connecting phrases; sentences are assembled from them.
WORDS = {
    "en": {
        "who": ["The city council", "The Ministry of Energy", "Deputy mayor "
                "Daniyar Seitkali", "Local residents", "The national bank",
                "Farmers in the region", "The regional governor", "Teachers' "
                "unions", "The transport authority", "Researchers at the "
                "university", "The health ministry", "Small business owners",
                "The football federation", "Environmental groups",
                "The prime minister", "Museum curators"],
        "did": ["approved", "announced", "criticised", "postponed",
                "presented", "discussed", "launched", "rejected", "funded",
                "reviewed", "welcomed", "questioned", "signed", "opened"],
        "what": ["the new tram line", "a plan to repair rural roads",
                 "the draft budget for next year", "a programme for young "
                 "teachers", "the water supply project", "new rules for "
                 "street markets", "a cheaper mortgage scheme", "the wind "
                 "farm near the lake", "a reform of school exams",
                 "the renovation of the central library", "a digital "
                 "services portal", "the agreement on grain exports",
                 "the regional hospital's new wing", "a festival of "
                 "traditional music"],
        "where": ["in Astana", "in Almaty", "in Shymkent", "in Karaganda",
                  "in the Turkestan region", "on the Caspian coast",
                  "in Aktobe", "in the capital", "in Pavlodar",
                  "near Lake Balkhash"],
        "when": ["on Tuesday", "last week", "this morning", "on Friday",
                 "after a long debate", "earlier this month",
                 "at a press conference", "late on Monday"],
        "link": ["Officials said", "According to the statement",
                 "Critics argued", "Supporters noted", "Experts expect",
                 "The report shows", "Residents hope"],
        "tail": ["that the work will finish by the end of the year",
                 "that costs rose by 12 per cent", "that more than 18,000 "
                 "people signed the petition", "that the decision is final",
                 "that the first results will be known in spring",
                 "that prices should stabilise", "that the money is already "
                 "in the budget", "that the timetable is realistic"],
        "heads": ["What happens next", "Background", "Reactions",
                  "The numbers", "What residents say", "Key points"],
        "quote": ["This is the most important decision of the decade",
                  "We have waited for this for years", "Nobody asked us",
                  "The figures speak for themselves", "It is a good start, "
                  "but only a start"],
        "said": "said",
        "tags": ["budget", "transport", "education", "health", "energy",
                 "agriculture", "elections", "football", "heritage",
                 "climate"],
        "authors": ["Aigerim Nurlanova", "John Carter", "Marat Akhmetov",
                    "Sara Lind", "City desk"],
    },
    "ru": {
        "who": ["Городской совет", "Министерство энергетики",
                "Заместитель акима Данияр Сейткали", "Жители района",
                "Национальный банк", "Фермеры области", "Аким области",
                "Профсоюз учителей", "Транспортное управление",
                "Учёные университета", "Министерство здравоохранения",
                "Предприниматели", "Федерация футбола",
                "Экологические организации", "Премьер-министр",
                "Сотрудники музея"],
        "did": ["одобрил", "объявил", "раскритиковал", "отложил",
                "представил", "обсудил", "запустил", "отклонил",
                "профинансировал", "рассмотрел", "поддержал", "подписал",
                "открыл"],
        "what": ["новую трамвайную линию", "план ремонта сельских дорог",
                 "проект бюджета на следующий год", "программу для молодых "
                 "учителей", "проект водоснабжения", "новые правила для "
                 "рынков", "льготную ипотеку", "ветровую электростанцию у "
                 "озера", "реформу школьных экзаменов", "ремонт центральной "
                 "библиотеки", "портал цифровых услуг", "соглашение об "
                 "экспорте зерна", "новый корпус областной больницы",
                 "фестиваль традиционной музыки"],
        "where": ["в Астане", "в Алматы", "в Шымкенте", "в Караганде",
                  "в Туркестанской области", "на побережье Каспия",
                  "в Актобе", "в столице", "в Павлодаре", "у озера Балхаш"],
        "when": ["во вторник", "на прошлой неделе", "сегодня утром",
                 "в пятницу", "после долгих споров", "в начале месяца",
                 "на пресс-конференции", "поздно вечером в понедельник"],
        "link": ["Как сообщили чиновники,", "Согласно заявлению,",
                 "Критики считают,", "Сторонники отмечают,",
                 "Эксперты ожидают,", "Из отчёта следует,",
                 "Жители надеются,"],
        "tail": ["что работы завершат до конца года",
                 "что расходы выросли на 12 процентов",
                 "что петицию подписали более 18 000 человек",
                 "что решение окончательное",
                 "что первые результаты будут известны весной",
                 "что цены стабилизируются", "что деньги уже заложены в "
                 "бюджет", "что сроки реальны"],
        "heads": ["Что дальше", "Предыстория", "Реакция", "В цифрах",
                  "Что говорят жители", "Главное"],
        "quote": ["Это самое важное решение десятилетия",
                  "Мы ждали этого много лет", "Нас никто не спросил",
                  "Цифры говорят сами за себя",
                  "Это хорошее начало, но только начало"],
        "said": "сказал",
        "tags": ["бюджет", "транспорт", "образование", "здравоохранение",
                 "энергетика", "сельское хозяйство", "выборы", "футбол",
                 "наследие", "климат"],
        "authors": ["Айгерим Нурланова", "Иван Петров", "Марат Ахметов",
                    "Ольга Смирнова", "Отдел новостей"],
    },
    "kk": {
        "who": ["Қалалық мәслихат", "Энергетика министрлігі",
                "Әкім орынбасары Данияр Сейітқали", "Аудан тұрғындары",
                "Ұлттық банк", "Облыс фермерлері", "Облыс әкімі",
                "Мұғалімдер кәсіподағы", "Көлік басқармасы",
                "Университет ғалымдары", "Денсаулық сақтау министрлігі",
                "Кәсіпкерлер", "Футбол федерациясы",
                "Экологиялық ұйымдар", "Премьер-министр",
                "Мұражай қызметкерлері"],
        "did": ["мақұлдады", "жариялады", "сынға алды", "кейінге қалдырды",
                "таныстырды", "талқылады", "іске қосты", "қабылдамады",
                "қаржыландырды", "қарастырды", "қолдады", "қол қойды",
                "ашты"],
        "what": ["жаңа трамвай желісін", "ауыл жолдарын жөндеу жоспарын",
                 "келесі жылғы бюджет жобасын", "жас мұғалімдерге арналған "
                 "бағдарламаны", "сумен жабдықтау жобасын", "базарларға "
                 "арналған жаңа ережелерді", "жеңілдетілген ипотеканы",
                 "көл жағасындағы жел электр станциясын", "мектеп "
                 "емтихандарының реформасын", "орталық кітапхананы жөндеуді",
                 "цифрлық қызметтер порталын", "астық экспорты туралы "
                 "келісімді", "облыстық ауруханың жаңа ғимаратын",
                 "дәстүрлі музыка фестивалін"],
        "where": ["Астанада", "Алматыда", "Шымкентте", "Қарағандыда",
                  "Түркістан облысында", "Каспий жағалауында", "Ақтөбеде",
                  "елордада", "Павлодарда", "Балқаш көлінің маңында"],
        "when": ["сейсенбіде", "өткен аптада", "бүгін таңертең", "жұмада",
                 "ұзақ талқылаудан кейін", "осы айдың басында",
                 "баспасөз мәслихатында", "дүйсенбі күні кешке"],
        "link": ["Шенеуніктердің айтуынша,", "Мәлімдемеге сәйкес,",
                 "Сыншылардың пікірінше,", "Жақтаушылар атап өткендей,",
                 "Сарапшылардың болжауынша,", "Есепке қарағанда,",
                 "Тұрғындар үміттенеді:"],
        "tail": ["жұмыс жыл соңына дейін аяқталады",
                 "шығындар 12 пайызға өсті",
                 "петицияға 18 000-нан астам адам қол қойды",
                 "шешім түпкілікті", "алғашқы нәтижелер көктемде белгілі "
                 "болады", "бағалар тұрақтанады", "қаражат бюджетте "
                 "қарастырылған", "мерзімдер шынайы"],
        "heads": ["Әрі қарай не болады", "Тарихы", "Пікірлер", "Сандар",
                  "Тұрғындар не дейді", "Басты мәселе"],
        "quote": ["Бұл онжылдықтағы ең маңызды шешім",
                  "Біз мұны көп жыл күттік", "Бізден ешкім сұраған жоқ",
                  "Сандар өзі айтып тұр", "Бұл жақсы бастама, бірақ тек "
                  "бастама ғана"],
        "said": "деді",
        "tags": ["бюджет", "көлік", "білім", "денсаулық", "энергетика",
                 "ауыл шаруашылығы", "сайлау", "футбол", "мұра", "климат"],
        "authors": ["Әйгерім Нұрланова", "Марат Ахметов", "Дана Сапарова",
                    "Ерлан Жұмабаев", "Жаңалықтар бөлімі"],
    },
}
# Names of people and villages, made of syllables so that the corpus also
# has rare words (a village matches a few dozen articles in a million), as
# real news has; the word pools above alone would make every word common.
SYLLABLES = {
    "cyr": ["бай", "тұр", "сар", "ай", "нұр", "бек", "жан", "қал", "ер",
            "ас", "та", "мұ", "ра", "дос", "құл", "кен", "жар", "бол", "сай",
            "тал", "ақ", "қара", "көк", "ораз", "жұ", "ма", "сей", "іт",
            "ба", "тыр"],
    "lat": ["bai", "tur", "sar", "ai", "nur", "bek", "zhan", "kal", "er",
            "as", "ta", "mu", "ra", "dos", "kul", "ken", "zhar", "bol", "sai",
            "tal", "ak", "kara", "kok", "oraz", "zhu", "ma", "sei", "it",
            "ba", "tyr"],
}
FIRST = {"kk": ["Асқар", "Гүлнар", "Ержан", "Мадина", "Бауыржан", "Сәуле"],
         "ru": ["Асхат", "Гульнара", "Сергей", "Мадина", "Наталья",
                "Бауыржан"],
         "en": ["Askar", "Gulnara", "Yerzhan", "Madina", "Bauyrzhan",
                "Saule"]}
PERSON = {
    "kk": "{v} ауылының тұрғыны {p} жұмыстың кешіккенін айтты.",
    "ru": "{p}, житель села {v}, рассказал о задержке работ.",
    "en": "{p}, who lives in the village of {v}, said the work was late.",
}
HOSTS = ["https://gov.example.kz", "https://stat.example.kz",
         "https://council.example.kz", "https://news.example.org"]


def _yaml_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _sentence(r: random.Random, w: dict, links: bool) -> str:
    what = r.choice(w["what"])
    if links and r.random() < 0.25:
        if r.random() < 0.5:
            what = f"[{what}]({r.choice(HOSTS)}/docs/{r.randrange(10**6)})"
        else:
            what = f"[{what}](/{r.choice(SECTIONS)[0]}/)"
    elif r.random() < 0.15:
        what = f"*{what}*"
    s = f"{r.choice(w['who'])} {r.choice(w['did'])} {what} " \
        f"{r.choice(w['where'])} {r.choice(w['when'])}."
    if r.random() < 0.5:
        tail = r.choice(w["tail"])
        if r.random() < 0.15:
            tail = f"**{tail}**"
        s += f" {r.choice(w['link'])} {tail}."
    return s


def _name(r: random.Random, lang: str, n: int) -> str:
    syl = SYLLABLES["lat" if lang == "en" else "cyr"]
    return "".join(r.choice(syl) for _ in range(n)).capitalize()


def _paragraph(r: random.Random, w: dict, person: str) -> str:
    s = [_sentence(r, w, True) for _ in range(r.randint(2, 5))]
    if person and r.random() < 0.4:
        s.insert(r.randrange(len(s) + 1), person)
    return " ".join(s)


def article(i: int, seed: int, names: dict | None = None) -> tuple[str, str]:
    """(lang, file text) of article i; `names`, when given, gets the
    article's village and surname."""
    r = random.Random(seed * 1_000_003 + i)
    x = r.randrange(100)
    lang = "kk" if x < 45 else "ru" if x < 80 else "en"
    w = WORDS[lang]
    secs = r.sample(SECTIONS, 2 if r.random() < 0.35 else 1)
    title = f"{r.choice(w['who'])} {r.choice(w['did'])} " \
            f"{r.choice(w['what'])} {r.choice(w['where'])}"
    lead = _sentence(r, w, False).replace("*", "")
    surname = _name(r, lang, 2) + ("ов" if lang != "en" else "ov")
    first = r.choice(FIRST[lang])
    village = _name(r, lang, 3)
    if names is not None:
        names.update(village=village, surname=surname)
    person = PERSON[lang].format(p=f"{first} {surname}", v=village)
    target = r.randint(1500, 3800)
    parts: list[str] = []
    size = 0
    tries = 0
    while size < target and tries < 20:
        tries += 1
        k = r.randrange(10)
        if k < 6 or not parts:
            p = _paragraph(r, w, person)
        elif k == 6:
            p = f"## {r.choice(w['heads'])}"
        elif k == 7:
            p = f"> «{r.choice(w['quote'])}», — {w['said']} " \
                f"{r.choice(w['who'])}."
        elif k == 8:
            p = "\n".join(f"- {_sentence(r, w, True)}"
                          for _ in range(r.randint(2, 4)))
        else:
            p = "\n".join(f"{n}. {_sentence(r, w, False)}"
                          for n in range(1, r.randint(3, 5)))
        n = len(p.encode("utf-8")) + 2
        if size + n > 4000:  # too long: try a smaller block
            continue
        parts.append(p)
        size += n
    body = "\n\n".join(parts) + "\n"
    date = (START + STEP * i).isoformat()
    tags = r.sample(w["tags"], r.randint(1, 3))
    text = (
        "---\n"
        f"title: {_yaml_str(title)}\n"
        f"date: {date}\n"
        f"slug: {secs[0][0]}-{i}\n"
        f"lang: {lang}\n"
        f"sections: [{', '.join(s for s, _ in secs)}]\n"
        f"tags: [{', '.join(_yaml_str(t) for t in tags)}]\n"
        f"lead: {_yaml_str(lead)}\n"
        f"author: {_yaml_str(r.choice(w['authors']))}\n"
        "---\n\n" + body)
    return lang, text


def write(outdir: str, count: int, start: int = 0, seed: int = 1) -> None:
    for lang, _ in LANGS:
        os.makedirs(os.path.join(outdir, lang), exist_ok=True)
    with open(os.path.join(outdir, "_site.yaml"), "w") as f:
        f.write('title: "Qalam Bench Times"\n'
                "base_url: https://bench.example.kz\n"
                'lang: kk\noffset: "+05:00"\n')
    with open(os.path.join(outdir, "_sections.yaml"), "w") as f:
        for n, (slug, name) in enumerate(SECTIONS, 1):
            f.write(f"- slug: {slug}\n  name: {_yaml_str(name)}\n"
                    f"  position: {n}\n")
    for i in range(start, start + count):
        lang, text = article(i, seed)
        with open(os.path.join(outdir, lang, f"{i:07d}.md"), "w",
                  encoding="utf-8") as f:
            f.write(text)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("outdir", nargs="?")
    ap.add_argument("count", type=int, nargs="?")
    ap.add_argument("--start", type=int, default=0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--names", nargs=2, metavar=("I", "WHAT"),
                    help="print the village or surname of article I (for "
                         "search queries) and write nothing")
    a = ap.parse_args()
    if a.names:
        names: dict = {}
        article(int(a.names[0]), a.seed, names)
        print(names[a.names[1]])
        return
    if a.outdir is None or a.count is None:
        ap.error("OUTDIR and COUNT are required")
    write(a.outdir, a.count, a.start, a.seed)


if __name__ == "__main__":
    main()

/**
 * Hand-curated multilingual names for the world's busiest air-travel cities
 * and a few famous airports and islands. One line per place:
 *
 *   CODE:English name|other names…
 *
 * CODE is an IATA metropolitan code from metros.ts or an airport code from
 * agent/data/airports.json (a test checks every code resolves). Names are
 * matched after case folding and diacritic stripping, so "Zürich" also covers
 * "Zurich"; list only spellings that differ after that folding.
 */
export const ALIASES = `
LON:London|Londres|Londra|Londen|Londyn|Londýn|Lontoo|Londonas|Lundúnir|Λονδίνο|Лондон|ロンドン|伦敦|倫敦|런던|لندن|לונדון|ลอนดอน|लंदन|Luân Đôn
NYC:New York|Nueva York|Nova Iorque|Nova York|New York City|Nowy Jork|Νέα Υόρκη|Нью-Йорк|ニューヨーク|纽约|紐約|뉴욕|نيويورك|ניו יורק|นิวยอร์ก|न्यूयॉर्क|Niu Iooc|NY
PAR:Paris|París|Parigi|Parijs|Paryż|Paříž|Παρίσι|Париж|パリ|巴黎|파리|باريس|פריז|ปารีส|पेरिस|Pariisi|Párizs
TYO:Tokyo|Tokio|Tóquio|Tokió|Τόκιο|Токио|東京|东京|도쿄|طوكيو|טוקיו|โตเกียว|टोक्यो|Tōkyō
MIL:Milan|Milán|Milano|Mailand|Milão|Mediolan|Μιλάνο|Милан|ミラノ|米兰|米蘭|밀라노|ميلانو|מילאנו
ROM:Rome|Roma|Rom|Rzym|Řím|Róma|Ρώμη|Рим|ローマ|罗马|羅馬|로마|روما|רומא|โรม
WAS:Washington|Washington D.C.|Washington DC|Washington, D.C.|Вашингтон|ワシントン|华盛顿|華盛頓|워싱턴|واشنطن
CHI:Chicago|Chicago (Illinois)|Σικάγο|Чикаго|シカゴ|芝加哥|시카고|شيكاغو
BJS:Beijing|Pekín|Pékin|Peking|Pequim|Pechino|Pekin|Πεκίνο|Пекин|北京|베이징|بكين|בייג'ינג|ปักกิ่ง
SHA:Shanghai|Shanghái|Xangai|Szanghaj|Σαγκάη|Шанхай|上海|상하이|شنغهاي
SEL:Seoul|Seúl|Séoul|Seul|Σεούλ|Сеул|ソウル|首尔|首爾|서울|سول|سيول
OSA:Osaka|Ōsaka|Osaca|Οσάκα|Осака|大阪|오사카|أوساكا
SPK:Sapporo|Саппоро|札幌|삿포로
TPE:Taipei|Taipéi|Taipé|Tajpej|Ταϊπέι|Тайбэй|台北|臺北|타이베이|تايبيه
JKT:Jakarta|Yakarta|Djakarta|Jacarta|Giacarta|Dżakarta|Τζακάρτα|Джакарта|ジャカルタ|雅加达|자카르타|جاكرتا
BKK:Bangkok|Bangkoku|Banguecoque|Μπανγκόκ|Бангкок|バンコク|曼谷|방콕|بانكوك|กรุงเทพ|กรุงเทพมหานคร
SAO:São Paulo|Sao Paulo|San Pablo|Σάο Πάολο|Сан-Паулу|サンパウロ|圣保罗|聖保羅|상파울루|ساو باولو
RIO:Rio de Janeiro|Río de Janeiro|Rio|Ρίο ντε Τζανέιρο|Рио-де-Жанейро|リオデジャネイロ|里约热内卢|里約熱內盧|리우데자네이루|ريو دي جانيرو
BHZ:Belo Horizonte|Белу-Оризонти|ベロオリゾンテ|贝洛奥里藏特
BUE:Buenos Aires|Μπουένος Άιρες|Буэнос-Айрес|ブエノスアイレス|布宜诺斯艾利斯|부에노스아이레스|بوينس آيرس
MOW:Moscow|Moscú|Moscou|Moskau|Mosca|Moskwa|Moskva|Moskova|Μόσχα|Москва|モスクワ|莫斯科|모스크바|موسكو|מוסקבה
STO:Stockholm|Estocolmo|Stoccolma|Sztokholm|Tukholma|Στοκχόλμη|Стокгольм|ストックホルム|斯德哥尔摩|스톡홀름|ستوكهولم
BUH:Bucharest|Bucarest|Bukarest|Bucareste|București|Bukareszt|Βουκουρέστι|Бухарест|ブカレスト|布加勒斯特|부쿠레슈티|بوخارست
IST:Istanbul|Estambul|Istambul|Istanbuł|Constantinople|Κωνσταντινούπολη|Стамбул|イスタンブール|伊斯坦布尔|이스탄불|إسطنبول|איסטנבול|İstanbul
DXB:Dubai|Dubái|Dubaï|Dubaj|Ντουμπάι|Дубай|ドバイ|迪拜|杜拜|두바이|دبي|דובאי
YTO:Toronto|Τορόντο|Торонто|トロント|多伦多|토론토|تورونتو
YMQ:Montreal|Montréal|Monreal|Μόντρεαλ|Монреаль|モントリオール|蒙特利尔|몬트리올|مونتريال
HOU:Houston|Χιούστον|Хьюстон|ヒューストン|休斯敦|휴스턴|هيوستن
DFW:Dallas|Ντάλας|Даллас|ダラス|达拉斯|댈러스|دالاس|Dallas Fort Worth|Dallas-Fort Worth
DTT:Detroit|Ντιτρόιτ|Детройт|デトロイト|底特律|디트로이트|ديترويت
REK:Reykjavik|Reikiavik|Reykjavík|Reikjavik|Ρέικιαβικ|Рейкьявик|レイキャビク|雷克雅未克|레이캬비크|ريكيافيك
OSL:Oslo|Όσλο|Осло|オスロ|奥斯陆|오슬로|أوسلو
LAX:Los Angeles|Los Ángeles|Los Angeles (California)|LA|Λος Άντζελες|Лос-Анджелес|ロサンゼルス|洛杉矶|洛杉磯|로스앤젤레스|لوس أنجلوس|לוס אנג'לס
SFO:San Francisco|São Francisco|Σαν Φρανσίσκο|Сан-Франциско|サンフランシスコ|旧金山|舊金山|샌프란시스코|سان فرانسيسكو
MIA:Miami|Μαϊάμι|Майами|マイアミ|迈阿密|마이애미|ميامي
ATL:Atlanta|Ατλάντα|Атланта|アトランタ|亚特兰大|애틀랜타|أتلانتا
BOS:Boston|Βοστώνη|Бостон|ボストン|波士顿|보스턴|بوسطن
SEA:Seattle|Σιάτλ|Сиэтл|シアトル|西雅图|시애틀|سياتل
LAS:Las Vegas|Λας Βέγκας|Лас-Вегас|ラスベガス|拉斯维加斯|라스베이거스|لاس فيغاس
DEN:Denver|Ντένβερ|Денвер|デンバー|丹佛|덴버|دنفر
PHX:Phoenix|Fênix|Φοίνιξ|Финикс|フェニックス|凤凰城|피닉스|فينيكس
MCO:Orlando|Ορλάντο|Орландо|オーランド|奥兰多|올랜도|أورلاندو
PHL:Philadelphia|Filadelfia|Philadelphie|Filadélfia|Filadelfia|Φιλαδέλφεια|Филадельфия|フィラデルフィア|费城|필라델피아|فيلادلفيا
MSP:Minneapolis|Μινεάπολη|Миннеаполис|ミネアポリス|明尼阿波利斯|미니애폴리스
CLT:Charlotte|Σάρλοτ|Шарлотт|シャーロット|夏洛特|샬럿
SAN:San Diego|Σαν Ντιέγκο|Сан-Диего|サンディエゴ|圣地亚哥 (加州)|샌디에이고|سان دييغو
TPA:Tampa|Тампа|タンパ|坦帕|탬파
MSY:New Orleans|Nueva Orleans|La Nouvelle-Orléans|Nouvelle-Orléans|New Orleans (Louisiana)|Nova Orleães|Νέα Ορλεάνη|Новый Орлеан|ニューオーリンズ|新奥尔良|뉴올리언스|نيو أورلينز
AUS:Austin|Όστιν|Остин|オースティン|奥斯汀|오스틴
SLC:Salt Lake City|Σολτ Λέικ Σίτι|Солт-Лейк-Сити|ソルトレイクシティ|盐湖城|솔트레이크시티
HNL:Honolulu|Χονολουλού|Гонолулу|ホノルル|檀香山|火奴鲁鲁|호놀룰루|هونولولو
OGG:Maui|Мауи|マウイ|茂宜岛
ANC:Anchorage|Анкоридж|アンカレッジ|安克雷奇
STL:St. Louis|Saint Louis|San Luis (Misuri)|Сент-Луис|セントルイス|圣路易斯
BNA:Nashville|Νάσβιλ|Нэшвилл|ナッシュビル|纳什维尔|내슈빌
PDX:Portland (Oregon)|Портленд|ポートランド|波特兰
YVR:Vancouver|Βανκούβερ|Ванкувер|バンクーバー|温哥华|溫哥華|밴쿠버|فانكوفر
YYC:Calgary|Калгари|カルガリー|卡尔加里|캘거리
YOW:Ottawa|Otawa|Οττάβα|Оттава|オタワ|渥太华|오타와|أوتاوا
YQB:Quebec City|Québec|Ciudad de Quebec|Ville de Québec|Квебек|ケベック・シティー|魁北克市
YEG:Edmonton|Эдмонтон|エドモントン|埃德蒙顿
YHZ:Halifax|Галифакс|ハリファックス|哈利法克斯
MEX:Mexico City|Ciudad de México|Mexico|México|CDMX|Mexiko-Stadt|Città del Messico|Cidade do México|Meksyk|Πόλη του Μεξικού|Мехико|メキシコシティ|墨西哥城|멕시코시티|مكسيكو سيتي|Mexico DF|México DF|Mexico (ville)
CUN:Cancún|Cancun|Канкун|カンクン|坎昆|칸쿤|كانكون
GDL:Guadalajara|Гвадалахара|グアダラハラ|瓜达拉哈拉
MTY:Monterrey|Монтеррей|モンテレイ|蒙特雷
SJD:Los Cabos|San José del Cabo|Cabo San Lucas|Лос-Кабос|ロスカボス
PVR:Puerto Vallarta|Пуэрто-Вальярта|プエルト・バジャルタ
HAV:Havana|La Habana|Habana|La Havane|Havanna|L'Avana|Havana (Cuba)|Hawana|Αβάνα|Гавана|ハバナ|哈瓦那|아바나|هافانا
PUJ:Punta Cana|Пунта-Кана|プンタ・カナ|蓬塔卡纳
SDQ:Santo Domingo|Санто-Доминго|サントドミンゴ|圣多明各
SJU:San Juan (Puerto Rico)|San Juan de Puerto Rico|Сан-Хуан|サンフアン|圣胡安
MBJ:Montego Bay|Монтего-Бей|モンテゴ・ベイ
KIN:Kingston (Jamaica)|Кингстон|キングストン|金斯敦
NAS:Nassau|Нассау|ナッソー|拿骚
PTY:Panama City|Ciudad de Panamá|Panamá|Panama|Panama-Stadt|Cidade do Panamá|Панама|パナマシティ|巴拿马城
SJO:San José (Costa Rica)|San José de Costa Rica|Сан-Хосе|サンホセ|圣何塞 (哥斯达黎加)
BOG:Bogotá|Bogota|Μπογκοτά|Богота|ボゴタ|波哥大|보고타|بوغوتا
MDE:Medellín|Medellin|Медельин|メデジン|麦德林
CTG:Cartagena (Colombia)|Cartagena de Indias|Картахена|カルタヘナ|卡塔赫纳
CLO:Cali|Кали|カリ|卡利
LIM:Lima|Λίμα|Лима|リマ|利马|리마|ليما
CUZ:Cusco|Cuzco|Куско|クスコ|库斯科|쿠스코
UIO:Quito|Кито|キト|基多|키토
GYE:Guayaquil|Гуаякиль|グアヤキル|瓜亚基尔
SCL:Santiago de Chile|Santiago (Chile)|Сантьяго|サンティアゴ|圣地亚哥 (智利)|산티아고|سانتياغو
CCS:Caracas|Каракас|カラカス|加拉加斯|카라카스|كاراكاس
MVD:Montevideo|Монтевидео|モンテビデオ|蒙得维的亚|몬테비데오
ASU:Asunción|Asuncion|Асунсьон|アスンシオン|亚松森
LPB:La Paz (Bolivia)|Ла-Пас|ラパス|拉巴斯
VVI:Santa Cruz de la Sierra|Санта-Крус-де-ла-Сьерра|サンタ・クルス|圣克鲁斯
BSB:Brasília|Brasilia|Бразилиа|ブラジリア|巴西利亚|브라질리아|برازيليا
SSA:Salvador (Bahia)|Salvador de Bahía|Сальвадор|サルバドール|萨尔瓦多 (巴西)
REC:Recife|Ресифи|レシフェ|累西腓
FOR:Fortaleza|Форталеза|フォルタレザ|福塔雷萨
POA:Porto Alegre|Порту-Алегри|ポルト・アレグレ|阿雷格里港
CWB:Curitiba|Куритиба|クリチバ|库里蒂巴
FLN:Florianópolis|Florianopolis|Флорианополис|フロリアノポリス
MAO:Manaus|Манаус|マナウス|马瑙斯
IGU:Foz do Iguaçu|Iguazú|Iguaçu|Фос-ду-Игуасу
COR:Córdoba (Argentina)|Кордова|コルドバ|科尔多瓦 (阿根廷)
MDZ:Mendoza|Мендоса|メンドーサ|门多萨
BRC:Bariloche|San Carlos de Bariloche|Барилоче|バリローチェ
USH:Ushuaia|Ушуая|ウシュアイア|乌斯怀亚
MAD:Madrid|Madryt|Μαδρίτη|Мадрид|マドリード|马德里|馬德里|마드리드|مدريد|מדריד|มาดริด
BCN:Barcelona|Barcelone|Barcellona|Barcelonë|Βαρκελώνη|Барселона|バルセロナ|巴塞罗那|巴塞隆納|바르셀로나|برشلونة|ברצלונה|บาร์เซโลนา
PMI:Palma de Mallorca|Palma|Mallorca|Majorque|Maiorca|Majorca|Mallorca (Palma)|Майорка|パルマ・デ・マヨルカ|帕尔马|마요르카
AGP:Málaga|Malaga|Μάλαγα|Малага|マラガ|马拉加|말라가|مالقة
ALC:Alicante|Alacant|Аликанте|アリカンテ|阿利坎特
VLC:Valencia|Valence (Espagne)|Valência|Walencja|Βαλένθια|Валенсия|バレンシア|瓦伦西亚|발렌시아|بلنسية
SVQ:Seville|Sevilla|Séville|Siviglia|Sewilla|Σεβίλλη|Севилья|セビリア|塞维利亚|세비야|إشبيلية
BIO:Bilbao|Bilbo|Бильбао|ビルバオ|毕尔巴鄂
IBZ:Ibiza|Eivissa|Ивиса|イビサ|伊维萨
LPA:Gran Canaria|Las Palmas de Gran Canaria|Las Palmas|Гран-Канария|グラン・カナリア
TFS:Tenerife|Tenerife Sur|Teneriffa|Ténérife|Тенерифе|テネリフェ|特内里费
ACE:Lanzarote|Лансароте|ランサローテ
SCQ:Santiago de Compostela|Compostela|Сантьяго-де-Компостела|サンティアゴ・デ・コンポステーラ
LIS:Lisbon|Lisboa|Lisbonne|Lissabon|Lisbona|Lizbona|Λισαβόνα|Лиссабон|リスボン|里斯本|리스본|لشبونة|ליסבון
OPO:Porto|Oporto|Πόρτο|Порту|ポルト|波尔图|포르투|بورتو
FAO:Faro|Фару|ファーロ|法鲁
FNC:Funchal|Madeira|Madère|Мадейра|フンシャル|丰沙尔
PDL:Ponta Delgada|Azores|Açores|Açores (Ponta Delgada)|Açores|Азорские острова|アゾレス
BER:Berlin|Berlín|Berlino|Berlim|Berlijn|Βερολίνο|Берлин|ベルリン|柏林|베를린|برلين|ברלין|เบอร์ลิน
MUC:Munich|München|Múnich|Monaco di Baviera|Munique|Monachium|Mnichov|Μόναχο|Мюнхен|ミュンヘン|慕尼黑|뮌헨|ميونخ|מינכן
FRA:Frankfurt|Fráncfort|Francfort|Francoforte|Frankfurt am Main|Φρανκφούρτη|Франкфурт|フランクフルト|法兰克福|프랑크푸르트|فرانكفورت
HAM:Hamburg|Hamburgo|Hambourg|Amburgo|Αμβούργο|Гамбург|ハンブルク|汉堡|함부르크|هامبورغ
DUS:Düsseldorf|Dusseldorf|Дюссельдорф|デュッセルドルフ|杜塞尔多夫|뒤셀도르프
CGN:Cologne|Köln|Colonia|Keulen|Kolonia|Κολωνία|Кёльн|ケルン|科隆|쾰른|كولونيا
STR:Stuttgart|Estugarda|Stoccarda|Штутгарт|シュトゥットガルト|斯图加特|슈투트가르트
HAJ:Hanover|Hannover|Hanovre|Hannóver|Ганновер|ハノーファー|汉诺威
NUE:Nuremberg|Nürnberg|Núremberg|Norimberga|Nuremberga|Нюрнберг|ニュルンベルク|纽伦堡
LEJ:Leipzig|Lipsia|Lípsia|Лейпциг|ライプツィヒ|莱比锡
DRS:Dresden|Dresde|Dresda|Дрезден|ドレスデン|德累斯顿
BRE:Bremen|Brême|Brema|Бремен|ブレーメン|不来梅
VIE:Vienna|Wien|Viena|Vienne|Wiedeń|Vídeň|Bécs|Βιέννη|Вена|ウィーン|维也纳|維也納|빈|فيينا|וינה
SZG:Salzburg|Salzburgo|Salisburgo|Зальцбург|ザルツブルク|萨尔茨堡
INN:Innsbruck|Инсбрук|インスブルック|因斯布鲁克
ZRH:Zurich|Zürich|Zúrich|Zurigo|Zurique|Zurych|Ζυρίχη|Цюрих|チューリッヒ|苏黎世|蘇黎世|취리히|زيورخ
GVA:Geneva|Genève|Ginebra|Genf|Ginevra|Genebra|Genewa|Γενεύη|Женева|ジュネーヴ|ジュネーブ|日内瓦|제네바|جنيف
BSL:Basel|Bâle|Basilea|Basileia|Bazylea|Базель|バーゼル|巴塞尔|Mulhouse
AMS:Amsterdam|Ámsterdam|Amesterdão|Amsterdã|Άμστερνταμ|Амстердам|アムステルダム|阿姆斯特丹|암스테르담|أمستردام|אמסטרדם
RTM:Rotterdam|Róterdam|Роттердам|ロッテルダム|鹿特丹
EIN:Eindhoven|Эйндховен|アイントホーフェン|埃因霍温
BRU:Brussels|Bruselas|Bruxelles|Brüssel|Bruxelas|Bruksela|Brussel|Βρυξέλλες|Брюссель|ブリュッセル|布鲁塞尔|브뤼셀|بروكسل
CRL:Charleroi|Шарлеруа|シャルルロワ
LUX:Luxembourg|Luxemburgo|Luxemburg|Lussemburgo|Luksemburg|Λουξεμβούργο|Люксембург|ルクセンブルク|卢森堡
CPH:Copenhagen|Köpenhamn|Copenhague|Kopenhagen|Copenaghen|Copenhaga|Kopenhaga|København|Kööpenhamina|Κοπεγχάγη|Копенгаген|コペンハーゲン|哥本哈根|코펜하겐|كوبنهاغن
BLL:Billund|Биллунн|ビルン
AAL:Aalborg|Ольборг
HEL:Helsinki|Helsingfors|Helsinque|Ελσίνκι|Хельсинки|ヘルシンキ|赫尔辛基|헬싱키|هلسنكي
GOT:Gothenburg|Göteborg|Gotemburgo|Goteborg|Γκέτεμποργκ|Гётеборг|ヨーテボリ|哥德堡|예테보리
BGO:Bergen|Берген|ベルゲン|卑尔根
TRD:Trondheim|Тронхейм|トロンハイム
TOS:Tromsø|Tromso|Тромсё|トロムソ|特罗姆瑟
KEF:Keflavik|Keflavík|Кеблавик
DUB:Dublin|Dublín|Dublino|Dublim|Baile Átha Cliath|Δουβλίνο|Дублин|ダブリン|都柏林|더블린|دبلن
ORK:Cork|Corcaigh|Корк|コーク
SNN:Shannon|Шаннон
EDI:Edinburgh|Edimburgo|Édimbourg|Edimburgo|Edynburg|Εδιμβούργο|Эдинбург|エディンバラ|爱丁堡|에든버러|إدنبرة
GLA:Glasgow|Glasgua|Глазго|グラスゴー|格拉斯哥|글래스고
MAN:Manchester (England)|Mánchester|Манчестер|マンチェスター|曼彻斯特|맨체스터|مانشستر
BHX:Birmingham (England)|Бирмингем|バーミンガム|伯明翰
BRS:Bristol|Бристоль|ブリストル|布里斯托尔
NCL:Newcastle (England)|Newcastle upon Tyne|Ньюкасл|ニューカッスル|纽卡斯尔
LPL:Liverpool|Ливерпуль|リヴァプール|利物浦|리버풀|ليفربول
BFS:Belfast|Белфаст|ベルファスト|贝尔法斯特
ABZ:Aberdeen|Абердин|アバディーン
CWL:Cardiff|Caerdydd|Кардифф|カーディフ|加的夫
LBA:Leeds|Лидс|リーズ|利兹
EMA:East Midlands|Nottingham|Ноттингем
NCE:Nice|Niza|Nizza|Nicea|Νίκαια|Ницца|ニース|尼斯|니스|نيس
LYS:Lyon|Lyons|Lione|Lião|Λυών|Лион|リヨン|里昂|리옹|ليون
MRS:Marseille|Marsella|Marsiglia|Marselha|Marsylia|Μασσαλία|Марсель|マルセイユ|马赛|마르세유|مرسيليا
TLS:Toulouse|Tolosa|Тулуза|トゥールーズ|图卢兹|툴루즈
BOD:Bordeaux|Burdeos|Bordéus|Bordo|Бордо|ボルドー|波尔多|보르도
NTE:Nantes|Нант|ナント|南特
MPL:Montpellier|Монпелье|モンペリエ|蒙彼利埃
BIQ:Biarritz|Биарриц|ビアリッツ
SXB:Strasbourg|Estrasburgo|Straßburg|Strasburgo|Страсбург|ストラスブール|斯特拉斯堡
AJA:Ajaccio|Аяччо|アジャクシオ
BIA:Bastia|Бастия
FCO:Fiumicino|Leonardo da Vinci|Фьюмичино
VCE:Venice|Venecia|Venise|Venedig|Venezia|Veneza|Wenecja|Βενετία|Венеция|ヴェネツィア|ベネチア|威尼斯|베네치아|البندقية
FLR:Florence|Florencia|Florenz|Firenze|Florença|Florencja|Φλωρεντία|Флоренция|フィレンツェ|佛罗伦萨|피렌체|فلورنسا
NAP:Naples|Nápoles|Neapel|Napoli|Neapol|Νάπολη|Неаполь|ナポリ|那不勒斯|나폴리|نابولي
BLQ:Bologna|Bolonia|Bologne|Bolonha|Bolonia|Μπολόνια|Болонья|ボローニャ|博洛尼亚|볼로냐
TRN:Turin|Torino|Turín|Turim|Turyn|Τορίνο|Турин|トリノ|都灵|토리노
PSA:Pisa|Pise|Piza|Πίζα|Пиза|ピサ|比萨
CTA:Catania|Catane|Catânia|Катания|カターニア|卡塔尼亚
PMO:Palermo|Palerme|Палермо|パレルモ|巴勒莫
BRI:Bari|Бари|バーリ|巴里
CAG:Cagliari|Кальяри|カリアリ|卡利亚里
OLB:Olbia|Sardinia|Sardaigne|Cerdeña|Sardegna|Sardinien|Ольбия
GOA:Genoa|Genova|Gênes|Génova|Gênova|Генуя|ジェノヴァ|热那亚
VRN:Verona|Vérone|Верона|ヴェローナ|维罗纳
TSF:Treviso|Тревизо
ATH:Athens|Atenas|Athènes|Athen|Atene|Ateny|Athény|Αθήνα|Афины|アテネ|雅典|아테네|أثينا|אתונה
SKG:Thessaloniki|Salonica|Salonique|Saloniki|Tesalónica|Tessalonica|Θεσσαλονίκη|Салоники|テッサロニキ|塞萨洛尼基
JTR:Santorini|Santorin|Santorín|Thira|Thera|Σαντορίνη|Θήρα|Санторини|サントリーニ|圣托里尼|산토리니|سانتوريني
JMK:Mykonos|Míkonos|Mikonos|Μύκονος|Миконос|ミコノス|米科诺斯|미코노스
HER:Heraklion|Iraklion|Crete|Creta|Crète|Kreta|Ηράκλειο|Κρήτη|Ираклион|Крит|イラクリオン|伊拉克利翁
CHQ:Chania|Hania|Χανιά|Ханья
RHO:Rhodes|Rodas|Rhodos|Rodi|Rodos|Ρόδος|Родос|ロドス|罗得岛
CFU:Corfu|Corfú|Korfu|Corfou|Κέρκυρα|Корфу|コルフ
KGS:Kos|Κως|Кос
ZTH:Zakynthos|Zante|Ζάκυνθος|Закинф
LCA:Larnaca|Lárnaca|Larnaka|Λάρνακα|Ларнака|ラルナカ|拉纳卡|Cyprus|Chipre|Chypre|Zypern|Cipro
PFO:Paphos|Pafos|Πάφος|Пафос
MLA:Malta|Valletta|Malte|Μάλτα|Мальта|マルタ|马耳他|몰타|مالطا
PRG:Prague|Praga|Prag|Praha|Prága|Πράγα|Прага|プラハ|布拉格|프라하|براغ|פראג
BUD:Budapest|Budapeszt|Budapeste|Βουδαπέστη|Будапешт|ブダペスト|布达佩斯|부다페스트|بودابست
WAW:Warsaw|Varsovia|Varsovie|Warschau|Varsavia|Varsóvia|Warszawa|Varšava|Βαρσοβία|Варшава|ワルシャワ|华沙|바르샤바|وارسو
KRK:Kraków|Krakow|Cracovia|Cracovie|Krakau|Cracóvia|Κρακοβία|Краков|クラクフ|克拉科夫|크라쿠프
GDN:Gdańsk|Gdansk|Danzig|Гданьск|グダニスク|格但斯克
WRO:Wrocław|Wroclaw|Breslau|Вроцлав|ヴロツワフ|弗罗茨瓦夫
KTW:Katowice|Катовице|カトヴィツェ
BTS:Bratislava|Pressburg|Bratysława|Братислава|ブラチスラヴァ|布拉迪斯拉发
LJU:Ljubljana|Liubliana|Lubiana|Lublana|Любляна|リュブリャナ|卢布尔雅那
ZAG:Zagreb|Zagabria|Zágráb|Загреб|ザグレブ|萨格勒布
SPU:Split|Сплит|スプリト|斯普利特
DBV:Dubrovnik|Ragusa (Croazia)|Дубровник|ドゥブロヴニク|杜布罗夫尼克|두브로브니크
BEG:Belgrade|Belgrado|Belgrad|Beograd|Βελιγράδι|Белград|ベオグラード|贝尔格莱德|베오그라드
SJJ:Sarajevo|Sarajewo|Сараево|サラエヴォ|萨拉热窝
TGD:Podgorica|Подгорица
TIV:Tivat|Тиват
TIA:Tirana|Tiranë|Tirana (Albania)|Тирана|ティラナ|地拉那
SKP:Skopje|Skopie|Скопье|スコピエ|斯科普里
SOF:Sofia|Sofía|Sofie|Sófia|Σόφια|София|ソフィア|索非亚|소피아
VAR:Varna|Варна|ヴァルナ
BOJ:Burgas|Бургас
OTP:Otopeni|Henri Coandă
CLJ:Cluj-Napoca|Cluj|Клуж-Напока
KIV:Chișinău|Chisinau|Kishinev|Кишинёв|キシナウ|基希讷乌
KBP:Kyiv|Kiev|Kiew|Kijów|Κίεβο|Киев|Київ|キーウ|基辅|키이우
LWO:Lviv|Lwów|Lemberg|Leópolis|Львов|Львів|リヴィウ
ODS:Odesa|Odessa|Одесса|Одеса|オデッサ|敖德萨
MSQ:Minsk|Мінск|Минск|ミンスク|明斯克
LED:Saint Petersburg (Russia)|San Petersburgo|Saint-Pétersbourg|Sankt Petersburg|San Pietroburgo|São Petersburgo|Petersburg|Санкт-Петербург|サンクトペテルブルク|圣彼得堡|상트페테르부르크|سانت بطرسبرغ
AER:Sochi|Сочи|ソチ|索契
KZN:Kazan|Казань|カザン|喀山
SVX:Yekaterinburg|Ekaterinburg|Jekaterinburg|Екатеринбург|エカテリンブルク|叶卡捷琳堡
OVB:Novosibirsk|Новосибирск|ノヴォシビルスク|新西伯利亚
VVO:Vladivostok|Wladiwostok|Владивосток|ウラジオストク|符拉迪沃斯托克
RIX:Riga|Rīga|Рига|リガ|里加|리가
VNO:Vilnius|Wilno|Vilna|Вильнюс|ヴィリニュス|维尔纽斯
TLL:Tallinn|Tallin|Таллин|タリン|塔林|탈린
TBS:Tbilisi|Tiflis|Тбилиси|თბილისი|トビリシ|第比利斯
EVN:Yerevan|Ereván|Erevan|Eriwan|Ереван|Երևան|エレバン|埃里温
GYD:Baku|Bakú|Bakou|Баку|Bakı|バクー|巴库
ALA:Almaty|Alma-Ata|Алматы|Алма-Ата|アルマトイ|阿拉木图
NQZ:Astana|Nur-Sultan|Астана|アスタナ|阿斯塔纳
TAS:Tashkent|Taskent|Tachkent|Taschkent|Ташкент|Toshkent|タシュケント|塔什干
SAW:Sabiha Gökçen|Sabiha Gokcen
AYT:Antalya|Antalia|Анталья|アンタルヤ|安塔利亚|안탈리아|أنطاليا
ESB:Ankara|Angora|Анкара|アンカラ|安卡拉|앙카라|أنقرة
ADB:Izmir|İzmir|Esmirna|Smyrne|Smyrna|Измир|イズミル|伊兹密尔
DLM:Dalaman|Даламан
BJV:Bodrum|Бодрум|ボドルム|博德鲁姆
TLV:Tel Aviv|Tel Aviv-Yafo|Tel-Aviv|Τελ Αβίβ|Тель-Авив|テルアビブ|特拉维夫|텔아비브|تل أبيب|תל אביב
AMM:Amman|Ammán|Amã|Амман|アンマン|安曼|암만|عمان
BEY:Beirut|Beyrouth|Beirute|Bejrut|Βηρυτός|Бейрут|ベイルート|贝鲁特|베이루트|بيروت
CAI:Cairo|El Cairo|Le Caire|Kairo|Il Cairo|Kair|Κάιρο|Каир|カイロ|开罗|카이로|القاهرة|קהיר
HRG:Hurghada|Hurgada|Хургада|ハルガダ|赫尔格达|الغردقة
SSH:Sharm el-Sheikh|Sharm El Sheikh|Charm el-Cheikh|Шарм-эш-Шейх|シャルム・エル・シェイク|沙姆沙伊赫|شرم الشيخ
LXR:Luxor|Louxor|Луксор|ルクソール|卢克索|الأقصر
RAK:Marrakesh|Marrakech|Marrakesch|Marraquech|Marrakesz|Марракеш|マラケシュ|马拉喀什|마라케시|مراكش
CMN:Casablanca|Casablanka|Касабланка|カサブランカ|卡萨布兰卡|카사블랑카|الدار البيضاء
RBA:Rabat|Рабат|ラバト|拉巴特|الرباط
FEZ:Fez|Fès|Fes|Фес|フェズ|非斯|فاس
AGA:Agadir|Агадир|アガディール|أكادير
TNG:Tangier|Tánger|Tanger|Tangeri|Танжер|タンジェ|丹吉尔|طنجة
TUN:Tunis|Túnez|Tunisi|Túnis|Тунис|チュニス|突尼斯|تونس
DJE:Djerba|Yerba|Джерба|ジェルバ|جربة
ALG:Algiers|Argel|Alger|Algier|Algeri|Алжир|アルジェ|阿尔及尔|الجزائر
RUH:Riyadh|Riad|Riyad|Ryad|Rijad|Эр-Рияд|リヤド|利雅得|리야드|الرياض
JED:Jeddah|Yeda|Djeddah|Dschidda|Gedda|Jidá|Джидда|ジッダ|吉达|제다|جدة
MED:Medina|Médine|Medyna|Медина|メディナ|麦地那|المدينة المنورة|المدينة
DMM:Dammam|Даммам|ダンマーム|达曼|الدمام
DOH:Doha|Ντόχα|Доха|ドーハ|多哈|도하|الدوحة
AUH:Abu Dhabi|Abu Dabi|Abou Dabi|Abu Zabi|Абу-Даби|アブダビ|阿布扎比|아부다비|أبو ظبي|أبوظبي
SHJ:Sharjah|Charjah|Шарджа|シャールジャ|沙迦|الشارقة
BAH:Bahrain|Manama|Baréin|Bahreïn|Бахрейн|バーレーン|巴林|البحرين|المنامة
KWI:Kuwait|Kuwait City|Koweït|Kuwejt|Кувейт|クウェート|科威特|الكويت
MCT:Muscat|Mascate|Maskat|Moscato|Маскат|マスカット|马斯喀特|مسقط
IKA:Tehran|Teherán|Téhéran|Teheran|Teerã|Тегеран|テヘラン|德黑兰|테헤란|تهران|طهران
BGW:Baghdad|Bagdad|Bagdá|Багдад|バグダッド|巴格达|بغداد
KHI:Karachi|Karatschi|Карачи|カラチ|卡拉奇|كراتشي|کراچی
LHE:Lahore|Лахор|ラホール|拉合尔|لاهور
ISB:Islamabad|Islamabād|Исламабад|イスラマバード|伊斯兰堡|إسلام آباد|اسلام آباد
DEL:Delhi|New Delhi|Nueva Delhi|Nouvelle-Delhi|Neu-Delhi|Nuova Delhi|Nova Deli|Nowe Delhi|Нью-Дели|Дели|デリー|ニューデリー|新德里|델리|نيودلهي|दिल्ली|नई दिल्ली
BOM:Mumbai|Bombay|Bombaim|Мумбаи|ムンバイ|孟买|뭄바이|مومباي|मुंबई
BLR:Bengaluru|Bangalore|Бангалор|バンガロール|班加罗尔|벵갈루루|बेंगलुरु
MAA:Chennai|Madras|Ченнаи|チェンナイ|金奈|첸나이|चेन्नई
CCU:Kolkata|Calcutta|Calcuta|Калькутта|コルカタ|加尔各答|콜카타|कोलकाता
HYD:Hyderabad (India)|Хайдарабад|ハイデラバード|海得拉巴|हैदराबाद
GOI:Goa|Гоа|ゴア|果阿|गोवा
COK:Kochi|Cochin|Кочи|コーチ|科钦
AMD:Ahmedabad|Ахмадабад|アフマダーバード|艾哈迈达巴德|अहमदाबाद
JAI:Jaipur|Джайпур|ジャイプル|斋浦尔|जयपुर
TRV:Thiruvananthapuram|Trivandrum|Тривандрам
CMB:Colombo|Коломбо|コロンボ|科伦坡|콜롬보|கொழும்பு|කොළඹ
MLE:Malé|Male|Maldives|Maldivas|Malediven|Maldive|Мальдивы|マレ|马累|马尔代夫|몰디브|المالديف
KTM:Kathmandu|Katmandú|Katmandou|Katmandu|Катманду|カトマンズ|加德满都|카트만두|काठमाडौं
DAC:Dhaka|Daca|Dacca|Dakka|Дакка|ダッカ|达卡|다카|ঢাকা
SIN:Singapore|Singapur|Singapour|Singapura|Σιγκαπούρη|Сингапур|シンガポール|新加坡|싱가포르|سنغافورة|סינגפור|สิงคโปร์
KUL:Kuala Lumpur|Куала-Лумпур|クアラルンプール|吉隆坡|쿠알라룸푸르|كوالالمبور|กัวลาลัมเปอร์
PEN:Penang|George Town (Penang)|Pinang|Пенанг|ペナン|槟城
BKI:Kota Kinabalu|Кота-Кинабалу|コタキナバル|亚庇
HKT:Phuket|Пхукет|プーケット|普吉|푸껫|ภูเก็ต
CNX:Chiang Mai|Чиангмай|チェンマイ|清迈|치앙마이|เชียงใหม่
USM:Koh Samui|Ko Samui|Samui|Самуи|サムイ|苏梅岛|เกาะสมุย
KBV:Krabi|Краби|クラビ|甲米|กระบี่
SGN:Ho Chi Minh City|Ciudad Ho Chi Minh|Hô Chi Minh-Ville|Ho-Chi-Minh-Stadt|Saigon|Sài Gòn|Thành phố Hồ Chí Minh|Хошимин|ホーチミン|胡志明市|호찌민|هو تشي منه
HAN:Hanoi|Hanói|Hà Nội|Ханой|ハノイ|河内|하노이|هانوي
DAD:Da Nang|Đà Nẵng|Danang|Дананг|ダナン|岘港|다낭
PNH:Phnom Penh|Nom Pen|Пномпень|プノンペン|金边|프놈펜
REP:Siem Reap|Angkor|Сием Реап|シェムリアップ|暹粒|씨엠립
VTE:Vientiane|Vientián|Вьентьян|ビエンチャン|万象
RGN:Yangon|Rangoon|Rangún|Янгон|ヤンゴン|仰光|양곤
MNL:Manila|Manille|Manilha|Μανίλα|Манила|マニラ|马尼拉|마닐라|مانيلا
CEB:Cebu|Cebú|Себу|セブ|宿务|세부
DPS:Bali|Denpasar|Бали|Денпасар|バリ|デンパサール|巴厘岛|登巴萨|발리|بالي
SUB:Surabaya|Сурабая|スラバヤ|泗水
HKG:Hong Kong|Hongkong|Hong-Kong|Χονγκ Κονγκ|Гонконг|香港|홍콩|هونغ كونغ|ฮ่องกง
MFM:Macau|Macao|Макао|澳门|澳門|마카오
CAN:Guangzhou|Cantón|Canton|Kanton|Cantão|Гуанчжоу|広州|广州|廣州|광저우|قوانغتشو
SZX:Shenzhen|Shenzen|Шэньчжэнь|深セン|深圳|선전
CTU:Chengdu|Chengdú|Чэнду|成都|청두
TFU:Chengdu Tianfu|天府
CKG:Chongqing|Chungking|Чунцин|重慶|重庆|충칭
XIY:Xi'an|Xian|Sian|Сиань|西安|시안
HGH:Hangzhou|Hangchow|Ханчжоу|杭州|항저우
NKG:Nanjing|Nankín|Nankin|Nanking|Нанкин|南京|난징
WUH:Wuhan|Ухань|武漢|武汉|우한
KMG:Kunming|Куньмин|昆明|쿤밍
XMN:Xiamen|Amoy|Сямынь|厦門|厦门|샤먼
TAO:Qingdao|Tsingtao|Циндао|青島|青岛|칭다오
CSX:Changsha|Чанша|長沙|长沙
DLC:Dalian|Далянь|大連|大连|다롄
SHE:Shenyang|Шэньян|瀋陽|沈阳|선양
HRB:Harbin|Харбин|ハルビン|哈尔滨|하얼빈
TSN:Tianjin|Tientsin|Тяньцзинь|天津|톈진
SYX:Sanya|Санья|三亚|싼야
HAK:Haikou|Хайкоу|海口
URC:Ürümqi|Urumqi|Урумчи|ウルムチ|乌鲁木齐
LXA:Lhasa|Лхаса|ラサ|拉萨|라싸
UBN:Ulaanbaatar|Chinggis Khaan|Ulán Bator|Oulan-Bator|Ulan Bator|Улан-Батор|ウランバートル|乌兰巴托|울란바토르
NGO:Nagoya|Нагоя|名古屋|나고야
FUK:Fukuoka|Фукуока|福岡|福冈|후쿠오카
OKA:Okinawa|Naha|Окинава|那覇|沖縄|冲绳|오키나와
HIJ:Hiroshima|Хиросима|広島|广岛|히로시마
KIX:Kansai|関西国際空港|関空
NRT:Narita|成田|나리타
HND:Haneda|羽田|하네다
ICN:Incheon|仁川|인천
GMP:Gimpo|金浦|김포
PUS:Busan|Pusan|Пусан|釜山|부산
CJU:Jeju|Cheju|Чеджу|済州|济州|제주
PVG:Pudong|浦东
PEK:Capital Airport|首都机场
PKX:Daxing|大兴
SYD:Sydney|Sídney|Sydney (Australia)|Σίδνεϊ|Сидней|シドニー|悉尼|雪梨|시드니|سيدني|סידני
MEL:Melbourne|Μελβούρνη|Мельбурн|メルボルン|墨尔本|멜버른|ملبورن
BNE:Brisbane|Μπρίσμπεϊν|Брисбен|ブリスベン|布里斯班|브리즈번
PER:Perth|Перт|パース|珀斯|퍼스
ADL:Adelaide|Adelaida|Аделаида|アデレード|阿德莱德|애들레이드
OOL:Gold Coast|Голд-Кост|ゴールドコースト|黄金海岸|골드코스트
CNS:Cairns|Кэрнс|ケアンズ|凯恩斯|케언스
CBR:Canberra|Camberra|Канберра|キャンベラ|堪培拉|캔버라
DRW:Darwin|Дарвин|ダーウィン|达尔文
HBA:Hobart|Tasmania|Хобарт|ホバート|霍巴特
AKL:Auckland|Ώκλαντ|Окленд|オークランド|奥克兰|오클랜드
WLG:Wellington|Веллингтон|ウェリントン|惠灵顿|웰링턴
CHC:Christchurch|Крайстчерч|クライストチャーチ|基督城|크라이스트처치
ZQN:Queenstown|Квинстаун|クイーンズタウン|皇后镇|퀸스타운
NAN:Nadi|Fiji|Fiyi|Fidji|Fidschi|Фиджи|フィジー|斐济|피지
PPT:Papeete|Tahiti|Tahití|Таити|タヒチ|塔希提|大溪地
NOU:Nouméa|Noumea|New Caledonia|Nouvelle-Calédonie|Нумеа
GUM:Guam|Гуам|グアム|关岛|괌
JNB:Johannesburg|Johannesburgo|Johannesbourg|Giohannesburg|Joanesburgo|Йоханнесбург|ヨハネスブルグ|约翰内斯堡|요하네스버그|جوهانسبرغ
CPT:Cape Town|Ciudad del Cabo|Le Cap|Kapstadt|Città del Capo|Cidade do Cabo|Kaapstad|Kapsztad|Кейптаун|ケープタウン|开普敦|케이프타운|كيب تاون
DUR:Durban|Дурбан|ダーバン|德班
NBO:Nairobi|Найроби|ナイロビ|内罗毕|나이로비|نيروبي
MBA:Mombasa|Момбаса|モンバサ|蒙巴萨
ADD:Addis Ababa|Adís Abeba|Addis-Abeba|Addis Abeba|Аддис-Абеба|アディスアベバ|亚的斯亚贝巴|아디스아바바|أديس أبابا|አዲስ አበባ
DAR:Dar es Salaam|Dar es-Salam|Дар-эс-Салам|ダルエスサラーム|达累斯萨拉姆
ZNZ:Zanzibar|Zanzíbar|Sansibar|Занзибар|ザンジバル|桑给巴尔
JRO:Kilimanjaro|Kilimandjaro|Kilimandscharo|Килиманджаро|キリマンジャロ
EBB:Entebbe|Kampala|Энтеббе|エンテベ
KGL:Kigali|Кигали|キガリ|基加利
LOS:Lagos|Лагос|ラゴス|拉各斯|라고스|لاغوس
ABV:Abuja|Абуджа|アブジャ|阿布贾
ACC:Accra|Acra|Аккра|アクラ|阿克拉
DSS:Dakar|Blaise Diagne|Diass|Дакар|ダカール|达喀尔|داكار
ABJ:Abidjan|Abiyán|Абиджан|アビジャン|阿比让
CMN:Casa|الدار البيضاء
TNR:Antananarivo|Tananarive|Антананариву|アンタナナリボ|塔那那利佛
MRU:Mauritius|Mauricio|Maurice|Île Maurice|Mauritius (Port Louis)|Maurício|Маврикий|モーリシャス|毛里求斯|모리셔스
SEZ:Seychelles|Seychellen|Mahé|Сейшелы|セーシェル|塞舌尔
RUN:Réunion|La Réunion|Reunion|Saint-Denis (Réunion)|Реюньон
WDH:Windhoek|Виндхук|ウィントフック|温得和克
VFA:Victoria Falls|Cataratas Victoria|Chutes Victoria|Виктория-Фолс
LUN:Lusaka|Лусака|ルサカ|卢萨卡
HRE:Harare|Хараре|ハラレ|哈拉雷
KRT:Khartoum|Jartum|Khartum|Хартум|ハルツーム|喀土穆|الخرطوم
MJI:Tripoli (Libya)|Mitiga|Trípoli|Триполи|トリポリ|的黎波里|طرابلس
YUL:Montréal-Trudeau|Trudeau|Dorval
YYZ:Pearson|Toronto Pearson
EWR:Newark|Ньюарк|ニューアーク|纽瓦克|뉴어크
JFK:Kennedy|John F. Kennedy|Aeropuerto JFK|肯尼迪|ケネディ
LGA:LaGuardia|La Guardia
ORD:O'Hare|OHare
LHR:Heathrow|Londres Heathrow|ヒースロー|希思罗|히스로|هيثرو
LGW:Gatwick|ガトウィック|盖特威克
STN:Stansted|スタンステッド
LTN:Luton|ルートン
CDG:Charles de Gaulle|Roissy|Roissy-Charles-de-Gaulle|シャルル・ド・ゴール|戴高乐|샤를 드골
ORY:Orly|オルリー
MXP:Malpensa|マルペンサ
LIN:Linate
BGY:Bergamo|Orio al Serio|Bérgamo|Бергамо|ベルガモ
SVO:Sheremetyevo|Шереметьево
DME:Domodedovo|Домодедово
VKO:Vnukovo|Внуково
ARN:Arlanda|アーランダ
GRU:Guarulhos|グアルーリョス
GIG:Galeão|Galeao
EZE:Ezeiza|Ministro Pistarini
AEP:Aeroparque|Jorge Newbery
IAD:Dulles|ダレス
DCA:Reagan|Ronald Reagan
BWI:Baltimore|Балтимор|ボルチモア|巴尔的摩
MDW:Midway
SEA:Sea-Tac|SeaTac
FLL:Fort Lauderdale|Форт-Лодердейл|フォートローダーデール|劳德代尔堡
RDU:Raleigh|Raleigh-Durham|Роли|ローリー
PIT:Pittsburgh|Питтсбург|ピッツバーグ|匹兹堡
CLE:Cleveland|Кливленд|クリーブランド|克利夫兰
CVG:Cincinnati|Цинциннати|シンシナティ|辛辛那提
CMH:Columbus (Ohio)|Колумбус
IND:Indianapolis|Индианаполис|インディアナポリス|印第安纳波利斯
MCI:Kansas City|Канзас-Сити|カンザスシティ|堪萨斯城
SAT:San Antonio|Сан-Антонио|サンアントニオ|圣安东尼奥
SMF:Sacramento|Сакраменто|サクラメント|萨克拉门托
SJC:San Jose (California)|San José (California)|Сан-Хосе (Калифорния)|圣何塞 (加州)
OAK:Oakland|Окленд (Калифорния)|オークランド (カリフォルニア)|奥克兰 (加州)
MSY:NOLA
JAX:Jacksonville|Джэксонвилл|ジャクソンビル|杰克逊维尔
RSW:Fort Myers|Форт-Майерс
PBI:West Palm Beach|Palm Beach|Уэст-Палм-Бич
SNA:Orange County|Santa Ana|John Wayne
BUR:Burbank|Hollywood Burbank
ONT:Ontario (California)
ABQ:Albuquerque|Альбукерке|アルバカーキ
TUS:Tucson|Тусон|ツーソン
ELP:El Paso|Эль-Пасо
OMA:Omaha|Омаха
MKE:Milwaukee|Милуоки|ミルウォーキー|密尔沃基
MEM:Memphis|Мемфис|メンフィス|孟菲斯
SDF:Louisville|Луисвилл
BDL:Hartford|Хартфорд
PVD:Providence|Провиденс
BUF:Buffalo|Баффало|バッファロー
ALB:Albany|Олбани
BTV:Burlington (Vermont)
PWM:Portland (Maine)
BOI:Boise|Бойсе
RNO:Reno|Рино|リノ
KOA:Kona|Big Island|Hawaii (Kona)|コナ
LIH:Lihue|Kauai|カウアイ
FAI:Fairbanks|Фэрбанкс
YWG:Winnipeg|Виннипег|ウィニペグ|温尼伯
YXE:Saskatoon|Саскатун
YQR:Regina (Saskatchewan)
YYJ:Victoria (British Columbia)|Victoria (Canada)|Виктория (Канада)
YXU:London (Ontario)|London, Ontario
YKF:Kitchener|Waterloo (Ontario)
YYT:St. John's (Newfoundland)|Saint John's
TIJ:Tijuana|Тихуана|ティフアナ|蒂华纳
MID:Mérida (Mexico)|Mérida (Yucatán)|Мерида
OAX:Oaxaca|Оахака|オアハカ|瓦哈卡
BZE:Belize City|Belice|Belize|Белиз|ベリーズ
GUA:Guatemala City|Ciudad de Guatemala|Guatemala|Гватемала|グアテマラシティ|危地马拉城
SAL:San Salvador|Сан-Сальвадор|サンサルバドル|圣萨尔瓦多
TGU:Tegucigalpa|Тегусигальпа|テグシガルパ
MGA:Managua|Манагуа|マナグア|马那瓜
AUA:Aruba|Аруба|アルバ|阿鲁巴
CUR:Curaçao|Curacao|Кюрасао|キュラソー|库拉索
SXM:Sint Maarten|Saint-Martin|St. Maarten|Синт-Мартен
BGI:Barbados|Barbade|Барбадос|バルバドス|巴巴多斯
POS:Port of Spain|Trinidad|Puerto España|Порт-оф-Спейн
PTP:Pointe-à-Pitre|Guadeloupe|Guadalupe (Francia)|Гваделупа
FDF:Fort-de-France|Martinique|Martinica|Мартиника
`;

/**
 * Names that are shared by well-known cities in different places. They never
 * resolve to one city without a qualifier ("London, Ontario", "Birmingham UK").
 */
export const AMBIGUOUS_NAMES: readonly string[] = [
  'London',
  'Birmingham',
  'Portland',
  'San Jose',
  'Santiago',
  'Cordoba',
  'Victoria',
  'Kingston',
  'Georgetown',
  'George Town',
  'Hyderabad',
  'Saint Petersburg',
  'St Petersburg',
  'San Juan',
  'La Paz',
  'Merida',
  'Columbus',
  'Springfield',
  'Tripoli',
  'Santa Cruz',
];

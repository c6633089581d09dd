import { chance, int, pick, type Rng } from './prng.js';

/**
 * Text for posts, replies and mentions, in English and Chinese. Organic text draws from wide
 * vocabularies so two organic posts rarely look alike; campaign text comes from one template per
 * campaign with slot words swapped and punctuation/emoji perturbed (what copypasta looks like).
 */

const EMOJI = ['😂', '🔥', '👍', '🙏', '😡', '💯', '😱', '🤔', '❤️', '👀', '🙄', '😭', '✅', '‼️', '🇺🇸', '🤡', '💪', '😤'];

const EN = {
  open: ['honestly', 'ok so', 'today', 'just saw that', 'not gonna lie', 'fun fact:', 'reminder:', 'can we talk about how', 'so apparently', 'wow', 'update:', 'thread:', 'hot take:', 'psa:', 'lol', 'finally'],
  subj: ['my cat', 'the new album', 'this coffee place', 'the city council', 'our team', 'the weather', 'my landlord', 'the game last night', 'the bus', 'this recipe', 'the library', 'my neighbour', 'the new phone', 'the season finale', 'the election debate', 'the marathon', 'the farmers market', 'my code', 'the school board', 'the concert', 'this book', 'the traffic', 'the museum', 'my garden', 'the hospital', 'the playoff', 'my flight', 'the startup', 'the podcast', 'the bakery'],
  verb: ['is', 'was', 'looks', 'feels', 'keeps being', 'turned out', 'seems', 'got', 'became', 'is still'],
  obj: ['amazing', 'a total mess', 'way better than expected', 'so overrated', 'underrated', 'hilarious', 'kind of sad', 'weirdly calming', 'exhausting', 'beautiful', 'broken again', 'worth it', 'too expensive', 'surprisingly good', 'confusing', 'late as usual', 'on fire', 'a vibe', 'unbelievable', 'pretty chill'],
  tail: ['', '', '', 'anyway', 'thoughts?', 'send help', 'no notes', 'ugh', 'love it', 'again', 'who else?', 'idk', 'we move', 'classic'],
  tag: ['#monday', '#weekend', '#music', '#sports', '#food', '#news', '#tech', '#travel', '#books', '#gaming', '#art', '#local'],
  reply: ['so true', 'lol', 'this!!', 'agreed', 'no way', 'same here', 'wait what', 'hahaha', 'exactly', 'love this', 'hard disagree', 'source?', 'great point', 'i needed this', 'congrats!', 'omg', 'big mood', 'facts', 'beautiful', 'why tho', 'thanks for sharing', 'this is the way', 'underrated take', 'cant stop laughing'],
  comment: ['wow', 'finally', 'this is huge', 'cant believe it', 'about time', 'not surprised', 'what does this mean for us', 'terrible news', 'great news', 'thoughts?', 'here we go again', 'unreal', 'big if true', 'stay safe everyone', 'watching closely'],
};

const ZH = {
  open: ['说实话', '今天', '刚刚看到', '我觉得', '突然发现', '分享一下', '提醒大家', '有没有人觉得', '哈哈', '最近', '终于', '讲真'],
  subj: ['我家的猫', '新专辑', '楼下的咖啡店', '公司食堂', '昨晚的比赛', '今天的天气', '房东', '地铁', '这个菜谱', '图书馆', '新手机', '大结局', '马拉松', '菜市场', '我的代码', '演唱会', '这本书', '早高峰', '博物馆', '阳台的花', '医院', '航班', '播客', '面包店', '小区物业'],
  verb: ['真的', '实在', '居然', '还是', '有点', '特别', '越来越', '一直'],
  obj: ['太好了', '一团糟', '比想象中好', '被高估了', '很治愈', '好笑', '有点难过', '累死了', '好看', '又坏了', '值得', '太贵了', '意外地不错', '看不懂', '又晚点了', '火了', '绝了', '挺舒服'],
  tail: ['', '', '', '大家怎么看', '救命', '无语', '爱了', '又来了', '谁懂啊', '就这样吧', '笑死'],
  tag: ['#周末#', '#音乐#', '#体育#', '#美食#', '#新闻#', '#科技#', '#旅行#', '#读书#', '#游戏#'],
  reply: ['确实', '哈哈哈', '说得对', '不会吧', '我也是', '啊这', '太真实了', '支持', '笑死我了', '有道理', '出处？', '恭喜', '好家伙', '学到了', '感谢分享', '离谱', '赞', '不同意'],
  comment: ['天哪', '终于来了', '大新闻', '不敢相信', '早该如此', '意料之中', '对我们有什么影响', '太糟了', '好消息', '怎么看', '又来了', '离谱', '如果是真的就厉害了', '大家注意安全', '持续关注'],
};

const lex = (zh: boolean) => (zh ? ZH : EN);

function maybeEmoji(r: Rng, p: number): string {
  return chance(r, p) ? pick(r, EMOJI) : '';
}

export function organicPost(r: Rng, zh: boolean): string {
  const L = lex(zh);
  const sep = zh ? '' : ' ';
  const parts = [chance(r, 0.5) ? pick(r, L.open) : '', pick(r, L.subj), pick(r, L.verb), pick(r, L.obj)].filter(Boolean);
  let s = parts.join(sep);
  const tail = pick(r, L.tail);
  if (tail) s += (zh ? '，' : ', ') + tail;
  s += pick(r, zh ? ['', '。', '！', '～'] : ['', '.', '!', '...', '?']);
  if (chance(r, 0.2)) s += ' ' + pick(r, L.tag);
  const e = maybeEmoji(r, 0.3);
  return e ? `${s} ${e}` : s;
}

export function organicReply(r: Rng, zh: boolean): string {
  const L = lex(zh);
  let s = pick(r, L.reply);
  if (chance(r, 0.3)) s += (zh ? '，' : ' ') + pick(r, L.reply);
  const e = maybeEmoji(r, 0.35);
  return e ? `${s} ${e}` : s;
}

export function organicMention(r: Rng, zh: boolean, at: string): string {
  return zh ? `@${at} ${organicPost(r, true)}` : `@${at} ${organicPost(r, false)}`;
}

const HEAD_EN = {
  who: ['Central bank', 'Prime minister', 'Tech giant', 'City officials', 'Scientists', 'Health ministry', 'Storm', 'Court', 'Football club', 'Airline'],
  what: ['announces surprise rate cut', 'resigns amid scandal', 'unveils new AI model', 'declare state of emergency', 'discover new species', 'issues urgent warning', 'makes landfall on coast', 'blocks controversial law', 'wins the cup in overtime', 'cancels thousands of flights'],
};
const HEAD_ZH = {
  who: ['央行', '总理', '科技巨头', '市政府', '科学家', '卫生部门', '台风', '法院', '足球俱乐部', '航空公司'],
  what: ['意外宣布降息', '因丑闻辞职', '发布新一代人工智能模型', '宣布进入紧急状态', '发现新物种', '发布紧急警告', '在沿海登陆', '叫停争议法案', '加时赛夺冠', '取消数千航班'],
};

export function headline(r: Rng, zh: boolean): string {
  const H = zh ? HEAD_ZH : HEAD_EN;
  return zh ? `${pick(r, H.who)}${pick(r, H.what)}` : `${pick(r, H.who)} ${pick(r, H.what)}`;
}

/**
 * An organic user quoting a headline with their own comment: similar text, not coordination.
 * `marks` false pastes the headline bare (the headlines-pasted probe); the draws are the same.
 */
export function quote(r: Rng, head: string, zh: boolean, marks = true): string {
  const c = pick(r, lex(zh).comment);
  const e = maybeEmoji(r, 0.4);
  const q = !marks ? head : zh ? `「${head}」` : `"${head}"`;
  const s = chance(r, 0.5) ? `${q} ${c}` : `${c}${zh ? '：' : ': '}${q}`;
  return e ? `${s} ${e}` : s;
}

/** A campaign template: fixed skeleton, words drawn per use from its slot lists. */
export interface Template {
  zh: boolean;
  skeleton: string;
  slots: Record<string, string[]>;
}

const RUMOUR_EN: Template[] = [
  { zh: false, skeleton: '{alert} {org} caught {verb} {thing}{p} share before they delete it{p}', slots: { alert: ['BREAKING:', 'URGENT:', 'WAKE UP:', 'LEAKED:'], org: ['the ministry', 'the mayor', 'big pharma', 'the election board', 'the media'], verb: ['hiding', 'covering up', 'faking', 'selling'], thing: ['the real numbers', 'the test results', 'ballots', 'the water report', 'the evidence'] } },
  { zh: false, skeleton: '{they} dont want you to know {fact}{p} {cta}{p}', slots: { they: ['They', 'The elites', 'Mainstream media', 'The government'], fact: ['what is in the vaccine', 'who really funds them', 'the truth about the fires', 'where the money went'], cta: ['RT now', 'spread the word', 'share everywhere', 'do your own research'] } },
];
const RUMOUR_ZH: Template[] = [
  { zh: true, skeleton: '{alert}{org}被曝{verb}{thing}{p}趁还没删赶紧转发{p}', slots: { alert: ['震惊！', '紧急！', '速看！', '内部消息：'], org: ['某部门', '市领导', '药企', '媒体', '专家组'], verb: ['隐瞒', '篡改', '伪造', '倒卖'], thing: ['真实数据', '检测结果', '选票', '水质报告', '证据'] } },
  { zh: true, skeleton: '{they}不想让你知道{fact}{p}{cta}{p}', slots: { they: ['他们', '某些人', '官方媒体', '境外势力'], fact: ['疫苗里有什么', '背后是谁出钱', '山火的真相', '钱都去哪了'], cta: ['马上转发', '让更多人看到', '扩散', '自己去查'] } },
];
const INSULT_EN: Template[] = [
  { zh: false, skeleton: '@{victim} you are {insult}{p} {go}{p}', slots: { insult: ['a clown', 'a liar', 'pathetic', 'a fraud', 'a joke', 'a disgrace'], go: ['log off', 'delete your account', 'nobody asked', 'go away', 'shut up already'] } },
  { zh: false, skeleton: '{lead} @{victim} is {insult} and everyone knows it{p}', slots: { lead: ['lol', 'lmao', 'imagine thinking', 'reminder that'], insult: ['a paid shill', 'a total fraud', 'the biggest liar', 'a clown'] } },
];
const INSULT_ZH: Template[] = [
  { zh: true, skeleton: '@{victim} 你就是个{insult}{p}{go}{p}', slots: { insult: ['小丑', '骗子', '废物', '跳梁小丑', '笑话'], go: ['赶紧销号吧', '没人问你', '滚吧', '闭嘴吧'] } },
];

export function pickTemplate(r: Rng, kind: 'rumour' | 'insult', zh: boolean): Template {
  const list = kind === 'rumour' ? (zh ? RUMOUR_ZH : RUMOUR_EN) : zh ? INSULT_ZH : INSULT_EN;
  return pick(r, list);
}

/** One variant of a template: slots swapped, punctuation and emoji perturbed. */
export function fillTemplate(r: Rng, t: Template, vars: Record<string, string> = {}): string {
  const punct = t.zh ? ['！', '！！', '。', '…', '', '!!'] : ['!', '!!', '.', '...', '', '!!!'];
  let s = t.skeleton.replace(/\{(\w+)\}/g, (_, k: string) => {
    if (k === 'p') return pick(r, punct);
    if (vars[k] !== undefined) return vars[k];
    return pick(r, t.slots[k] ?? ['']);
  });
  if (!t.zh && chance(r, 0.15)) s = s.toUpperCase();
  if (!t.zh && chance(r, 0.15)) s = s.toLowerCase();
  const n = int(r, 0, 3);
  for (let i = 0; i < n; i++) s = chance(r, 0.5) ? `${s} ${pick(r, EMOJI)}` : `${pick(r, EMOJI)} ${s}`;
  return s.replace(/\s+/g, ' ').trim();
}

<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name></name>
    <message>
        <source>unit {unit}</source>
        <translation>单元 {unit}</translation>
    </message>
</context>
<context>
    <name>AlternativesPopup</name>
    <message>
        <source>Choose another token to write a branch from it.</source>
        <translation>选另一个词元，从它写出一个分支。</translation>
    </message>
    <message>
        <source>Choose another one to branch: the text goes on from it.</source>
        <translation>选另一个来分支：文本会从它接着写下去。</translation>
    </message>
    <message>
        <source>Instead of “{token}”, the model could have written:</source>
        <translation>除了“{token}”，模型还可能写：</translation>
    </message>
    <message>
        <source>written</source>
        <translation>已写</translation>
    </message>
</context>
<context>
    <name>AttentionView</name>
    <message>
        <source>Where the new token looked (attention)</source>
        <translation>新词元看向了哪里（注意力）</translation>
    </message>
    <message>
        <source>Which layer&apos;s attention to show: the first reads the tokens themselves, later ones what the layers below found.</source>
        <translation>显示哪一层的注意力：第一层读的是词元本身，后面的层读的是下面各层找到的东西。</translation>
    </message>
    <message>
        <source>Which head of the layer: each looks back for something else. The average shows the layer as a whole.</source>
        <translation>这一层的哪个头：每个头回看时寻找的东西各不相同。平均值显示整层的情况。</translation>
    </message>
    <message>
        <source>Layer:</source>
        <translation>层：</translation>
    </message>
    <message>
        <source>Head:</source>
        <translation>头：</translation>
    </message>
    <message>
        <source>The darker a token, the more the new (underlined) token looked at it. Hover over a token for each head&apos;s share.</source>
        <translation>词元颜色越深，新的（带下划线的）词元就越多地看向它。把鼠标停在一个词元上，可以看到每个头分给它的份额。</translation>
    </message>
    <message>
        <source>Press Step: the new token&apos;s attention to the text before it shows here.</source>
        <translation>按“单步”：新词元对前文的注意力会显示在这里。</translation>
    </message>
    <message>
        <source>Average over heads</source>
        <translation>各头平均</translation>
    </message>
    <message>
        <source>{token}, layer {layer}:</source>
        <translation>{token}，第 {layer} 层：</translation>
    </message>
    <message>
        <source>Head {number}: {percent}</source>
        <translation>头 {number}：{percent}</translation>
    </message>
    <message>
        <source>Average over heads: {percent}</source>
        <translation>各头平均：{percent}</translation>
    </message>
    <message>
        <source>{token} looked most at {strongest} ({percent}).</source>
        <translation>{token} 最多地看向了 {strongest}（{percent}）。</translation>
    </message>
</context>
<context>
    <name>BatchView</name>
    <message>
        <source>Batch view</source>
        <translation>批次视图</translation>
    </message>
    <message>
        <source>One step of training, exactly as the trainer reads it: each row is read by the model (input) and, under it, the tokens it must predict (target), the same text shifted by one token.</source>
        <translation>训练的一步，与训练器读到的完全一样：每一行是模型读入的内容（输入），其下是它要预测的词元（目标），即同一段文本错后一个词元。</translation>
    </message>
    <message>
        <source>Which step of the epoch to show.</source>
        <translation>显示这一轮中的第几步。</translation>
    </message>
    <message>
        <source>Which epoch: random windows and lines change with it.</source>
        <translation>第几轮：随机窗口和按行读取会随轮次变化。</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>步</translation>
    </message>
    <message>
        <source>Epoch</source>
        <translation>轮</translation>
    </message>
    <message>
        <source>Stream {n}</source>
        <translation>流 {n}</translation>
    </message>
    <message>
        <source>Window {n}</source>
        <translation>窗口 {n}</translation>
    </message>
    <message>
        <source>Line {n}</source>
        <translation>第 {n} 行</translation>
    </message>
    <message>
        <source>{row} input</source>
        <translation>{row} 输入</translation>
    </message>
    <message>
        <source>{row} target</source>
        <translation>{row} 目标</translation>
    </message>
    <message>
        <source>id {id} · &quot;{token}&quot;</source>
        <translation>编号 {id} · “{token}”</translation>
    </message>
    <message>
        <source>step {step} of {steps} in an epoch</source>
        <translation>一轮 {steps} 步中的第 {step} 步</translation>
    </message>
    <message>
        <source>{rows} streams side by side, {length} tokens each</source>
        <translation>{rows} 条流并排，每条 {length} 个词元</translation>
    </message>
    <message>
        <source>{rows} windows of {length} tokens at random places</source>
        <translation>随机位置上的 {rows} 个窗口，每个 {length} 个词元</translation>
    </message>
    <message>
        <source>{rows} lines, each from &lt;bos&gt;, padded with &lt;pad&gt;</source>
        <translation>{rows} 行，每行从 &lt;bos&gt; 开始，用 &lt;pad&gt; 填充</translation>
    </message>
    <message>
        <source>Backpropagation is cut here: the next step goes on with the same stream, carrying the memory over, but no error flows back past this point.</source>
        <translation>反向传播在这里截断：下一步接着读同一条流，记忆延续下去，但误差不会越过这一点往回传。</translation>
    </message>
    <message>
        <source>The window ends here: backpropagation stops, and the next one starts with an empty memory.</source>
        <translation>窗口在这里结束：反向传播停止，下一个窗口从空的记忆开始。</translation>
    </message>
    <message>
        <source>The {total} training tokens are cut into {rows} streams of {length}; the last {dropped} tokens do not fill a stream and are never read.</source>
        <translation>{total} 个训练词元被切成 {rows} 条流，每条 {length} 个；最后 {dropped} 个词元填不满一条流，永远不会被读到。</translation>
    </message>
    <message>
        <source>Windows may overlap and some text is not read in an epoch; another epoch draws other places.</source>
        <translation>窗口可能重叠，一轮中有些文本读不到；下一轮会抽取别的位置。</translation>
    </message>
    <message>
        <source>{pads} padding tokens fill the shorter lines; the loss ignores them. {cut} tokens of lines longer than {length} are cut off. {left} lines do not fill the last batch and wait for another epoch.</source>
        <translation>{pads} 个填充词元补齐较短的行；损失忽略它们。长于 {length} 的行有 {cut} 个词元被截掉。{left} 行填不满最后一个批次，留到另一轮再读。</translation>
    </message>
    <message>
        <source>Build a tokenizer on a text first, longer than one window: the batch is cut from its tokens.</source>
        <translation>请先在一段文本上构建分词器，文本要比一个窗口长：批次是从它的词元中切出来的。</translation>
    </message>
    <message>
        <source>See one training batch over the text: the windows, what the model must predict, where backpropagation is cut, padding, and the text left out.</source>
        <translation>在文本上查看一个训练批次：各个窗口、模型要预测的内容、反向传播在哪里截断、填充，以及被舍弃的文本。</translation>
    </message>
</context>
<context>
    <name>BranchController</name>
    <message>
        <source>Original</source>
        <translation>原文</translation>
    </message>
    <message>
        <source>Branch {n}: “{new}” instead of “{old}”</source>
        <translation>分支 {n}：用“{new}”代替“{old}”</translation>
    </message>
    <message>
        <source>Go back to this text</source>
        <translation>回到这段文本</translation>
    </message>
    <message>
        <source>Write on from this text again; the one you leave stays here.</source>
        <translation>重新从这段文本接着写；离开的那段会留在这里。</translation>
    </message>
</context>
<context>
    <name>CellsTab</name>
    <message>
        <source>Which layer of the network to look inside.</source>
        <translation>要查看网络的哪一层。</translation>
    </message>
    <message>
        <source>The hidden state, or one of the gates that decide what it keeps.</source>
        <translation>隐藏状态，或决定它保留什么的某个门。</translation>
    </message>
    <message>
        <source>How many units to show, those that vary most over the text first.</source>
        <translation>显示多少个单元，在文本上变化最大的排在前面。</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Units shown</source>
        <translation>显示的单元数</translation>
    </message>
    <message>
        <source>Red: positive, blue: negative, white: near zero. Rest the pointer on a character to see that step in numbers.</source>
        <translation>红色：正，蓝色：负，白色：接近零。把指针停在一个字符上，即可看到这一步的具体数字。</translation>
    </message>
    <message>
        <source>Hidden state h</source>
        <translation>隐藏状态 h</translation>
    </message>
    <message>
        <source>Input gate i</source>
        <translation>输入门 i</translation>
    </message>
    <message>
        <source>Forget gate f</source>
        <translation>遗忘门 f</translation>
    </message>
    <message>
        <source>Output gate o</source>
        <translation>输出门 o</translation>
    </message>
    <message>
        <source>Cell memory c</source>
        <translation>细胞记忆 c</translation>
    </message>
    <message>
        <source>Reset gate r</source>
        <translation>重置门 r</translation>
    </message>
    <message>
        <source>Update gate z</source>
        <translation>更新门 z</translation>
    </message>
    <message>
        <source>Candidate</source>
        <translation>候选值</translation>
    </message>
    <message>
        <source>unit {unit}</source>
        <translation>单元 {unit}</translation>
    </message>
    <message>
        <source>{what} of layer {layer} after each of {tokens} tokens: {shown} of {units} units, those that vary most first.</source>
        <translation>第 {layer} 层在 {tokens} 个词元每一个之后的{what}：显示 {units} 个单元中的 {shown} 个，变化最大的排在前面。</translation>
    </message>
    <message>
        <source>Step {step}, reading “{token}”:</source>
        <translation>第 {step} 步，读入“{token}”：</translation>
    </message>
</context>
<context>
    <name>ComparisonTable</name>
    <message>
        <source>The same text cut by each kind of tokenizer: fewer tokens means shorter sequences for the model, but a bigger vocabulary.</source>
        <translation>用每一种分词器切分同一段文本：词元越少，模型要读的序列就越短，但词表会越大。</translation>
    </message>
    <message>
        <source>Tokenizer</source>
        <translation>分词器</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>词元数</translation>
    </message>
    <message>
        <source>How the text is cut</source>
        <translation>切分结果</translation>
    </message>
    <message>
        <source>{kind} cuts this text into {count} tokens.</source>
        <translation>{kind} 把这段文本切成了 {count} 个词元。</translation>
    </message>
    <message>
        <source>Each chip is one token; ␣ is a space, ↵ a new line.</source>
        <translation>每一小块是一个词元；␣ 表示空格，↵ 表示换行。</translation>
    </message>
</context>
<context>
    <name>CopiedMeter</name>
    <message>
        <source>A model that memorised its text copies it. Spans of at least 8 characters or 4 words found word for word in the training text are highlighted, with the line of the training text they come from.</source>
        <translation>死记了文本的模型会照抄它。在训练文本中逐字出现、至少 8 个字符或 4 个词的片段会被高亮，并标出它们来自训练文本的哪一行。</translation>
    </message>
    <message>
        <source>Copied:</source>
        <translation>照抄：</translation>
    </message>
    <message>
        <source>Show the text with its copies highlighted, and the line each comes from.</source>
        <translation>显示高亮了照抄片段的文本，以及每段来自哪一行。</translation>
    </message>
    <message>
        <source>Show where</source>
        <translation>显示出处</translation>
    </message>
    <message>
        <source>Hide</source>
        <translation>隐藏</translation>
    </message>
    <message>
        <source>looking…</source>
        <translation>查找中…</translation>
    </message>
    <message>
        <source>{share:.0%}, 1 span</source>
        <translation>{share:.0%}，1 段</translation>
    </message>
    <message>
        <source>{share:.0%}, {count} spans</source>
        <translation>{share:.0%}，{count} 段</translation>
    </message>
    <message>
        <source>“{copy}” is line {line}: {context}</source>
        <translation>“{copy}”出自第 {line} 行：{context}</translation>
    </message>
    <message>
        <source>{train} in training, {valid} in validation, {new} new (of {total} lines)</source>
        <translation>{train} 行在训练文本中，{valid} 行在验证文本中，{new} 行是新的（共 {total} 行）</translation>
    </message>
    <message>
        <source>training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>验证</translation>
    </message>
    <message>
        <source>new</source>
        <translation>新的</translation>
    </message>
</context>
<context>
    <name>CorpusPage</name>
    <message>
        <source>automatic</source>
        <translation>自动识别</translation>
    </message>
    <message>
        <source>UTF-8 (replace damaged bytes)</source>
        <translation>UTF-8（替换损坏的字节）</translation>
    </message>
    <message>
        <source>GB18030 / GBK (Simplified Chinese)</source>
        <translation>GB18030 / GBK（简体中文）</translation>
    </message>
    <message>
        <source>Big5 (Traditional Chinese)</source>
        <translation>Big5（繁体中文）</translation>
    </message>
    <message>
        <source>Shift-JIS (Japanese)</source>
        <translation>Shift-JIS（日文）</translation>
    </message>
    <message>
        <source>Windows-1252 (Western)</source>
        <translation>Windows-1252（西欧语言）</translation>
    </message>
    <message>
        <source>Corpus</source>
        <translation>语料</translation>
    </message>
    <message>
        <source>The text the model learns from. Pick a sample, or open your own text files (any encoding) or a whole folder of them.</source>
        <translation>这是模型要学习的文本。可以选一份示例语料，也可以打开你自己的文本文件（什么编码都可以），或者打开装满文本文件的整个文件夹。</translation>
    </message>
    <message>
        <source>Texts that come with the app, ready to use.</source>
        <translation>软件自带的文本，可以直接使用。</translation>
    </message>
    <message>
        <source>Choose a sample…</source>
        <translation>选择示例语料…</translation>
    </message>
    <message>
        <source>Open corpus…</source>
        <translation>打开语料…</translation>
    </message>
    <message>
        <source>Open one or more text files of your own.</source>
        <translation>打开你自己的一个或多个文本文件。</translation>
    </message>
    <message>
        <source>Open folder…</source>
        <translation>打开文件夹…</translation>
    </message>
    <message>
        <source>Open a folder: every text file in it and its sub-folders is read.</source>
        <translation>打开一个文件夹：读取其中及所有子文件夹里的每个文本文件。</translation>
    </message>
    <message>
        <source>Sample:</source>
        <translation>示例语料：</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>How the bytes of the file are turned into characters. The app guesses; if the preview shows nonsense characters, choose the right one here.</source>
        <translation>决定怎样把文件里的字节变成字符。软件会自动猜测；如果预览里出现乱码，请在这里选择正确的编码。</translation>
    </message>
    <message>
        <source>Read as:</source>
        <translation>读取编码：</translation>
    </message>
    <message>
        <source>The beginning of the text, as the app read it.</source>
        <translation>文本的开头部分，显示的是软件读取到的样子。</translation>
    </message>
    <message>
        <source>Choose a text first.</source>
        <translation>请先选择一份文本。</translation>
    </message>
    <message>
        <source>Open corpus</source>
        <translation>打开语料</translation>
    </message>
    <message>
        <source>Text files (*.txt *.md *.csv *.tsv *.json);;All files (*)</source>
        <translation>文本文件 (*.txt *.md *.csv *.tsv *.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <source>Reading the text…</source>
        <translation>正在读取文本…</translation>
    </message>
    <message>
        <source>The text could not be loaded.</source>
        <translation>无法载入这份文本。</translation>
    </message>
    <message>
        <source>Loaded {name}.</source>
        <translation>已载入 {name}。</translation>
    </message>
    <message>
        <source>{name} — read as {encoding}</source>
        <translation>{name}——按 {encoding} 编码读取</translation>
    </message>
    <message>
        <source>The three parts must add up to 100 %; now they add up to {total} %.</source>
        <translation>三部分加起来必须等于 100 %；现在加起来是 {total} %。</translation>
    </message>
    <message>
        <source>Training: {train:,} characters · validation: {valid:,} · test: {test:,}</source>
        <translation>训练：{train:,} 个字符 · 验证：{valid:,} · 测试：{test:,}</translation>
    </message>
</context>
<context>
    <name>CorpusStatsBox</name>
    <message>
        <source>Statistics</source>
        <translation>统计</translation>
    </message>
    <message>
        <source>Characters</source>
        <translation>字符数</translation>
    </message>
    <message>
        <source>Letters, spaces, punctuation: everything.</source>
        <translation>字母、汉字、空格、标点……所有字符都算在内。</translation>
    </message>
    <message>
        <source>Lines</source>
        <translation>行数</translation>
    </message>
    <message>
        <source>How many lines the text has.</source>
        <translation>文本一共有多少行。</translation>
    </message>
    <message>
        <source>Words</source>
        <translation>词数</translation>
    </message>
    <message>
        <source>Runs of letters between spaces; each Chinese character counts as one word.</source>
        <translation>空格之间的一串字母算一个词；每个汉字也算一个词。</translation>
    </message>
    <message>
        <source>Different characters</source>
        <translation>不同字符数</translation>
    </message>
    <message>
        <source>How many different characters occur. A character tokenizer built on the training part has one token for each character of that part, plus its special tokens such as &lt;unk&gt;.</source>
        <translation>文本中出现了多少种不同的字符。在训练部分上建立的字符分词器，为该部分的每个字符设一个词元，另加 &lt;unk&gt; 等特殊词元。</translation>
    </message>
    <message>
        <source>Scripts</source>
        <translation>文字种类</translation>
    </message>
    <message>
        <source>Which writing systems the text uses.</source>
        <translation>文本用到了哪些文字。</translation>
    </message>
    <message>
        <source>{label}:</source>
        <translation>{label}：</translation>
    </message>
    <message>
        <source>The characters that occur most often.</source>
        <translation>出现次数最多的字符。</translation>
    </message>
    <message>
        <source>Character</source>
        <translation>字符</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>次数</translation>
    </message>
    <message>
        <source>Latin</source>
        <translation>拉丁字母</translation>
    </message>
    <message>
        <source>Chinese/Japanese/Korean</source>
        <translation>中日韩文字</translation>
    </message>
    <message>
        <source>other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>␣ (space)</source>
        <translation>␣（空格）</translation>
    </message>
    <message>
        <source>↵ (new line)</source>
        <translation>↵（换行）</translation>
    </message>
    <message>
        <source>⇥ (tab)</source>
        <translation>⇥（制表符）</translation>
    </message>
</context>
<context>
    <name>CostBox</name>
    <message>
        <source>Size and cost</source>
        <translation>规模和开销</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数量</translation>
    </message>
    <message>
        <source>How many numbers the model learns.</source>
        <translation>模型要学习多少个数。</translation>
    </message>
    <message>
        <source>Memory while training</source>
        <translation>训练时占用内存</translation>
    </message>
    <message>
        <source>About how much memory training needs.</source>
        <translation>训练大约需要多少内存。</translation>
    </message>
    <message>
        <source>Time per epoch</source>
        <translation>每轮用时</translation>
    </message>
    <message>
        <source>About how long one pass over the training text takes. An estimate: a few training steps of this very model are timed on this computer; until then, a rough guess from the model&apos;s size. The real speed is shown once training starts.</source>
        <translation>把训练文本完整过一遍大约需要多久。这是估计值：在这台电脑上实际计时这个模型的几步训练得出；计时之前，是按模型大小粗略猜测的。开始训练后会显示真实速度。</translation>
    </message>
    <message>
        <source>Whole run</source>
        <translation>整次训练</translation>
    </message>
    <message>
        <source>About how long the run trains, until the first of its limits (Steps, Epochs, Time limit). Early stopping may end it sooner.</source>
        <translation>这次训练大约要多久，直到最先到达的上限（步数、轮数、时间上限）。提前停止可能让它更早结束。</translation>
    </message>
    <message>
        <source>one count per distinct run of up to {n} tokens in the text</source>
        <translation>文本中每一种不超过 {n} 个词元的连续片段，各记一个次数</translation>
    </message>
    <message>
        <source>about {size}</source>
        <translation>约 {size}</translation>
    </message>
    <message>
        <source>about {time} to count</source>
        <translation>统计约需 {time}</translation>
    </message>
    <message>
        <source>one pass over the text</source>
        <translation>把文本过一遍</translation>
    </message>
    <message>
        <source>– (build a tokenizer first)</source>
        <translation>–（请先构建分词器）</translation>
    </message>
    <message>
        <source>about {time} (measured on this computer)</source>
        <translation>约 {time}（在这台电脑上实测）</translation>
    </message>
    <message>
        <source>roughly {time} (a rough guess: measuring failed)</source>
        <translation>大致 {time}（粗略猜测：计时失败）</translation>
    </message>
    <message>
        <source>roughly {time} (a rough guess; measuring…)</source>
        <translation>大致 {time}（粗略猜测；正在计时…）</translation>
    </message>
    <message>
        <source>roughly {time} (a rough guess until measured)</source>
        <translation>大致 {time}（计时之前的粗略猜测）</translation>
    </message>
    <message>
        <source>until you press Stop (no limit is set)</source>
        <translation>直到你按“停止”（没有设定上限）</translation>
    </message>
    <message>
        <source>{time} (the time limit)</source>
        <translation>{time}（时间上限）</translation>
    </message>
    <message>
        <source>{count} steps</source>
        <translation>{count} 步</translation>
    </message>
    <message>
        <source>{count} epochs</source>
        <translation>{count} 轮</translation>
    </message>
    <message>
        <source>about {time} ({limit})</source>
        <translation>约 {time}（{limit}）</translation>
    </message>
    <message>
        <source>roughly {time} ({limit})</source>
        <translation>大致 {time}（{limit}）</translation>
    </message>
</context>
<context>
    <name>DropZone</name>
    <message>
        <source>Drop a text file or a folder of text files here to load it.</source>
        <translation>把一个文本文件，或装有文本文件的文件夹拖到这里，就能载入。</translation>
    </message>
    <message>
        <source>Drop a text file or a folder here</source>
        <translation>把文本文件或文件夹拖到这里</translation>
    </message>
</context>
<context>
    <name>EmbeddingTab</name>
    <message>
        <source>Attention view…</source>
        <translation>注意力视图…</translation>
    </message>
    <message>
        <source>Where the GPT looks as it writes: its attention, on the Generate page.</source>
        <translation>GPT 写作时看向哪里：它的注意力，在“生成”页面上。</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>词元</translation>
    </message>
    <message>
        <source>A token: the map marks it, and the list shows its nearest neighbours.</source>
        <translation>一个词元：图上会标出它，列表显示与它最接近的词元。</translation>
    </message>
    <message>
        <source>Nearest tokens (cosine)</source>
        <translation>最近的词元（余弦）</translation>
    </message>
    <message>
        <source>This model has no token embeddings to show.</source>
        <translation>这个模型没有可显示的词元嵌入。</translation>
    </message>
    <message>
        <source>Each token where its embedding points, flattened to two directions (PCA; they keep {first}% and {second}% of the spread). Tokens the model uses alike end up close.</source>
        <translation>每个词元画在其嵌入所指的位置，压平到两个方向（主成分分析；它们保留了 {first}% 和 {second}% 的分散程度）。模型用法相似的词元会靠得很近。</translation>
    </message>
</context>
<context>
    <name>ExperimentDialog</name>
    <message>
        <source>Vary a setting</source>
        <translation>改变一个设置</translation>
    </message>
    <message>
        <source>Train one run for each value of one setting, everything else the same, and compare them on the validation text. The test text stays untouched until you choose: a score you look at while choosing is no longer a fair test.</source>
        <translation>为一个设置的每个取值各训练一个模型，其他设置都不变，然后在验证文本上比较它们。在你做出选择之前，测试文本一直不会被使用：选择时看过的分数，就不再是公平的测试了。</translation>
    </message>
    <message>
        <source>A few values separated by commas (2,3,4), or a range LOW:HIGH:COUNT such as 0.001:0.1:5, spread evenly on a log scale for rates and sizes.</source>
        <translation>用逗号分隔的几个取值（2,3,4），或者一个范围“最小:最大:个数”，例如 0.001:0.1:5；学习率和大小类的设置在对数刻度上均匀取值。</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source>Setting</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Values</source>
        <translation>取值</translation>
    </message>
    <message>
        <source>Time for all runs</source>
        <translation>全部训练的总时间</translation>
    </message>
    <message>
        <source>Start experiment</source>
        <translation>开始实验</translation>
    </message>
    <message>
        <source>Train one run for each value, one after another.</source>
        <translation>为每个取值依次训练一个模型。</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Pause the whole experiment.</source>
        <translation>暂停整个实验。</translation>
    </message>
    <message>
        <source>Cancel experiment</source>
        <translation>取消实验</translation>
    </message>
    <message>
        <source>Stop the run in progress and start no more.</source>
        <translation>停止正在进行的训练，不再开始新的训练。</translation>
    </message>
    <message>
        <source>Use this model</source>
        <translation>使用这个模型</translation>
    </message>
    <message>
        <source>Make the choice final: the chosen run is measured once on the test text.</source>
        <translation>确定最终选择：只在这时用测试文本对选中的模型测量一次。</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>取值</translation>
    </message>
    <message>
        <source>Validation loss</source>
        <translation>验证损失</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Choose a text, build a tokenizer and set up a model first: the experiment varies one setting of that model.</source>
        <translation>请先选择文本、构建分词器并设置好模型：实验会改变这个模型的一个设置。</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <source>training</source>
        <translation>训练中</translation>
    </message>
    <message>
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>skipped (out of time)</source>
        <translation>已跳过（时间用完）</translation>
    </message>
    <message>
        <source>best by validation</source>
        <translation>验证集上最好</translation>
    </message>
    <message>
        <source>Best by validation: {value} (validation loss {loss:.4f}). Its test score stays hidden until you press “Use this model”.</source>
        <translation>验证集上最好的是：{value}（验证损失 {loss:.4f}）。在你按下“使用这个模型”之前，它的测试分数一直隐藏。</translation>
    </message>
    <message>
        <source>Chosen: {value}. Test perplexity {perplexity:.2f} (loss {loss:.4f}), measured once, now that the choice is final. Choosing again after seeing it would make the test text part of the choosing.</source>
        <translation>已选择：{value}。测试困惑度 {perplexity:.2f}（损失 {loss:.4f}），在选择确定之后只测量了这一次。看过它之后再重新选择，测试文本就成了选择的一部分。</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
</context>
<context>
    <name>GenerateModes</name>
    <message>
        <source>Write</source>
        <translation>写作</translation>
    </message>
    <message>
        <source>The model writes, token by token, from a prompt.</source>
        <translation>模型从提示开始，一个词元一个词元地写。</translation>
    </message>
    <message>
        <source>Score a text</source>
        <translation>给文本打分</translation>
    </message>
    <message>
        <source>The model reads your text and shows how much each token surprised it.</source>
        <translation>模型读你的文本，显示每个词元让它有多意外。</translation>
    </message>
    <message>
        <source>Guess the next token</source>
        <translation>猜下一个词元</translation>
    </message>
    <message>
        <source>You guess a text one token at a time, as the model does; then compare your bits per character with the models&apos;.</source>
        <translation>像模型一样一次猜一个词元；然后把你的每字符比特数和模型的比较。</translation>
    </message>
</context>
<context>
    <name>GeneratePage</name>
    <message>
        <source>Generate</source>
        <translation>生成</translation>
    </message>
    <message>
        <source>Give the model the start of a text and let it go on. At every step it gives each possible next token a probability, and one is drawn at random.</source>
        <translation>给模型一段文本的开头，让它接着往下写。每一步，模型都会给每个可能的下一个词元一个概率，再按这些概率随机抽出一个。</translation>
    </message>
    <message>
        <source>The trained model that writes.</source>
        <translation>负责写文本的、已经训练好的模型。</translation>
    </message>
    <message>
        <source>A second model that writes beside the first, from the same prompt.</source>
        <translation>第二个模型：从同一个提示词出发，和第一个模型并排写文本。</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>模型：</translation>
    </message>
    <message>
        <source>Compare with:</source>
        <translation>对比模型：</translation>
    </message>
    <message>
        <source>The start of the text, for example: To be or</source>
        <translation>文本的开头，例如：关关雎鸠</translation>
    </message>
    <message>
        <source>The model goes on from this text.</source>
        <translation>模型会从这段文本接着写下去。</translation>
    </message>
    <message>
        <source>Prompt:</source>
        <translation>提示词：</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop writing now.</source>
        <translation>立即停止写作。</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>单步</translation>
    </message>
    <message>
        <source>Add one token and show the probabilities of the next one.</source>
        <translation>只添加一个词元，并显示下一个词元的概率。</translation>
    </message>
    <message>
        <source>Start again</source>
        <translation>重新开始</translation>
    </message>
    <message>
        <source>Go back to the prompt alone.</source>
        <translation>清掉生成的内容，只留下提示词。</translation>
    </message>
    <message>
        <source>What could come next</source>
        <translation>接下来可能是什么</translation>
    </message>
    <message>
        <source>Press Step to see the ten most likely next tokens. Click one to choose it yourself instead of letting chance decide.</source>
        <translation>按“单步”，可以看到最有可能出现的十个下一个词元。点击其中一个，就由你自己来选，而不是交给运气。</translation>
    </message>
    <message>
        <source>Train a model or open a run first.</source>
        <translation>请先训练一个模型，或打开一条训练记录。</translation>
    </message>
    <message>
        <source>Go on writing from the text so far, token after token (Start again goes back to the prompt).</source>
        <translation>从目前的文本接着写，一个词元接一个词元（“重新开始”回到只有提示词的状态）。</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Written by {name}</source>
        <translation>由 {name} 生成</translation>
    </message>
    <message>
        <source>Click a token to write it yourself.</source>
        <translation>点击一个词元，由你来写。</translation>
    </message>
    <message>
        <source>after “{text}”</source>
        <translation>接在“{text}”之后</translation>
    </message>
</context>
<context>
    <name>GuessGamePane</name>
    <message>
        <source>Guess a text the models never saw, one token at a time, as a model does. Keep guessing until you are right, or give up; then see your bits per character beside the models&apos;.</source>
        <translation>像模型一样，一次一个词元地猜一段模型从没见过的文本。一直猜到猜对，或者放弃；然后看看你的每字符比特数和模型的对比。</translation>
    </message>
    <message>
        <source>New text</source>
        <translation>换一段文本</translation>
    </message>
    <message>
        <source>Start again on another piece of the validation text.</source>
        <translation>换验证文本中的另一段重新开始。</translation>
    </message>
    <message>
        <source>How many tokens to guess before the comparison.</source>
        <translation>比较之前要猜多少个词元。</translation>
    </message>
    <message>
        <source>Tokens to guess:</source>
        <translation>要猜的词元数：</translation>
    </message>
    <message>
        <source>Type what you think comes next, then press Enter.</source>
        <translation>输入你认为接下来会出现的内容，然后按回车。</translation>
    </message>
    <message>
        <source>the next token, then Enter</source>
        <translation>下一个词元，然后按回车</translation>
    </message>
    <message>
        <source>Guess</source>
        <translation>猜</translation>
    </message>
    <message>
        <source>Check your guess.</source>
        <translation>检查你的猜测。</translation>
    </message>
    <message>
        <source>↵ New line</source>
        <translation>↵ 换行</translation>
    </message>
    <message>
        <source>Guess that the line ends here.</source>
        <translation>猜这一行在这里结束。</translation>
    </message>
    <message>
        <source>Give up</source>
        <translation>放弃</translation>
    </message>
    <message>
        <source>Show this token and go on (it counts as not found).</source>
        <translation>显示这个词元并继续（算作没猜到）。</translation>
    </message>
    <message>
        <source>Your guess:</source>
        <translation>你的猜测：</translation>
    </message>
    <message>
        <source>How your figure is estimated (Shannon, 1951): from the number of guesses each token took. Someone who always guesses in the same order could rebuild the text from these numbers alone, so they hold all its information: the less they vary (mostly 1), the fewer bits. Their entropy, plus the bits to name each token you gave up on, divided by the characters, is your bits per character (an upper bound: your true figure is a little lower). The models&apos; figures come from the probabilities they gave the same characters.</source>
        <translation>你的数字是怎么估计的（香农，1951）：根据每个词元猜了几次。一个总按同样顺序猜的人，只凭这些次数就能还原整段文本，所以这些次数包含了文本的全部信息：次数越少变化（大多是 1 次），比特就越少。这些次数的熵，加上说出每个你放弃的词元所需的比特，再除以字符数，就是你的每字符比特数（这是上界：你真正的数字会低一点）。模型的数字来自它们给同样这些字符的概率。</translation>
    </message>
    <message>
        <source>Train a model or open a run first.</source>
        <translation>请先训练一个模型，或打开一条训练记录。</translation>
    </message>
    <message>
        <source>There is no validation text to guess: load the text this model learned from on the Corpus page, with a validation part.</source>
        <translation>没有可猜的验证文本：请在“语料”页载入这个模型学习过的文本，并留出验证部分。</translation>
    </message>
    <message>
        <source>Type a guess first (a space is a guess too).</source>
        <translation>请先输入一个猜测（空格也算一个猜测）。</translation>
    </message>
    <message>
        <source>Right, at guess {n}.</source>
        <translation>对了，第 {n} 次猜中。</translation>
    </message>
    <message>
        <source>Right at the first guess.</source>
        <translation>第一次就猜对了。</translation>
    </message>
    <message>
        <source>Not {wrong}. Guess {n} of {most}.</source>
        <translation>不是 {wrong}。第 {n} 次猜（最多 {most} 次）。</translation>
    </message>
    <message>
        <source>It was “{token}”.</source>
        <translation>答案是“{token}”。</translation>
    </message>
    <message>
        <source>The model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Press New text to start.</source>
        <translation>按“换一段文本”开始。</translation>
    </message>
    <message>
        <source>Token {n} of {total}</source>
        <translation>第 {n} 个词元，共 {total} 个</translation>
    </message>
    <message>
        <source>All {total} tokens guessed.</source>
        <translation>{total} 个词元都猜完了。</translation>
    </message>
    <message>
        <source>You</source>
        <translation>你</translation>
    </message>
</context>
<context>
    <name>HelpDialog</name>
    <message>
        <source>
&lt;h2&gt;Language Model Studio&lt;/h2&gt;
&lt;p&gt;Work through the steps on the left, in order:&lt;/p&gt;
&lt;ol&gt;
&lt;li&gt;&lt;b&gt;Corpus&lt;/b&gt;: pick a sample text, or open your own files (any encoding) or a folder.
Drop a file anywhere on the window to open it.&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Tokenizer&lt;/b&gt;: choose how the text is cut into tokens and press &lt;i&gt;Build tokenizer&lt;/i&gt;.
Type in the box to see your own text cut into tokens.&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Model&lt;/b&gt;: choose an n-gram or a neural network (RNN, LSTM, GRU) and a preset.
Hover over any setting to read what it does.&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Train&lt;/b&gt;: press &lt;i&gt;Start&lt;/i&gt; and watch the loss fall. You can pause, resume and stop;
nothing learned is lost.&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Generate&lt;/b&gt;: give a prompt and press &lt;i&gt;Generate&lt;/i&gt;, or &lt;i&gt;Step&lt;/i&gt; to add one token
at a time and see the probabilities of the next one.&lt;/li&gt;
&lt;/ol&gt;
&lt;p&gt;&lt;b&gt;Runs&lt;/b&gt; lists every model trained, to compare them or open them again.&lt;/p&gt;
</source>
        <translation>
&lt;h2&gt;语言模型工作室&lt;/h2&gt;
&lt;p&gt;请按顺序完成左侧的各个步骤：&lt;/p&gt;
&lt;ol&gt;
&lt;li&gt;&lt;b&gt;语料&lt;/b&gt;：选一份示例文本，或打开你自己的文件（什么编码都可以）或文件夹。把文件拖到窗口上的任何地方，也能打开它。&lt;/li&gt;
&lt;li&gt;&lt;b&gt;分词器&lt;/b&gt;：选择把文本切分成词元的方式，然后按&lt;i&gt;构建分词器&lt;/i&gt;。在输入框里打字，就能看到你自己的文本被切成了哪些词元。&lt;/li&gt;
&lt;li&gt;&lt;b&gt;模型&lt;/b&gt;：选择 n 元语法模型或神经网络（RNN、LSTM、GRU），再选一个预设。把鼠标停在任何一项设置上，就能看到它的作用。&lt;/li&gt;
&lt;li&gt;&lt;b&gt;训练&lt;/b&gt;：按&lt;i&gt;开始&lt;/i&gt;，看着损失一点点下降。你可以随时暂停、继续或停止，已经学到的东西都不会丢失。&lt;/li&gt;
&lt;li&gt;&lt;b&gt;生成&lt;/b&gt;：输入提示词后按&lt;i&gt;生成&lt;/i&gt;；也可以按&lt;i&gt;单步&lt;/i&gt;，每次只添加一个词元，并查看下一个词元的概率。&lt;/li&gt;
&lt;/ol&gt;
&lt;p&gt;&lt;b&gt;训练记录&lt;/b&gt;列出了训练过的每个模型，可以互相比较，也可以再次打开。&lt;/p&gt;
</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>帮助</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>快捷键</translation>
    </message>
</context>
<context>
    <name>InsidePage</name>
    <message>
        <source>Inside the model</source>
        <translation>模型内部</translation>
    </message>
    <message>
        <source>What the trained model computes as it reads: its memory after each character, the units that follow something in the text, and where it places each token.</source>
        <translation>训练好的模型在阅读时计算了什么：每个字符之后的记忆、跟踪文本中某种特征的单元，以及每个词元被放在哪里。</translation>
    </message>
    <message>
        <source>A text for the model to read</source>
        <translation>让模型阅读的一段文本</translation>
    </message>
    <message>
        <source>Read the text</source>
        <translation>阅读文本</translation>
    </message>
    <message>
        <source>Let the model read the text and show what it computes at each step.</source>
        <translation>让模型阅读这段文本，并显示它每一步计算的内容。</translation>
    </message>
    <message>
        <source>Validation text</source>
        <translation>验证文本</translation>
    </message>
    <message>
        <source>Put back the start of the validation text, which the model never trained on.</source>
        <translation>换回验证文本的开头（模型从未在其上训练）。</translation>
    </message>
    <message>
        <source>Hidden states</source>
        <translation>隐藏状态</translation>
    </message>
    <message>
        <source>Find the neuron</source>
        <translation>找神经元</translation>
    </message>
    <message>
        <source>Embedding map</source>
        <translation>嵌入地图</translation>
    </message>
    <message>
        <source>Train a recurrent network or a GPT, or open its run, first.</source>
        <translation>请先训练一个循环网络或 GPT，或打开它的运行。</translation>
    </message>
    <message>
        <source>Model: {name}</source>
        <translation>模型：{name}</translation>
    </message>
    <message>
        <source>A GPT keeps no memory from step to step: it looks back at the text instead. Its embedding map is here; its attention, on the Generate page.</source>
        <translation>GPT 不会在步与步之间保留记忆，而是回头看文本。它的嵌入地图在这里；它的注意力在“生成”页面上。</translation>
    </message>
    <message>
        <source>Type a text for the model to read first.</source>
        <translation>请先输入一段让模型阅读的文本。</translation>
    </message>
    <message>
        <source>The model&apos;s tokenizer finds no tokens in this text.</source>
        <translation>模型的分词器在这段文本中找不到任何词元。</translation>
    </message>
    <message>
        <source>Only the first {count} tokens are read.</source>
        <translation>只读取前 {count} 个词元。</translation>
    </message>
</context>
<context>
    <name>KindComparison</name>
    <message>
        <source>Compare all kinds</source>
        <translation>比较各种分词器</translation>
    </message>
    <message>
        <source>Cut the text above with every kind of tokenizer, side by side: the one you built, and the others trained here on the same training text.</source>
        <translation>用每一种分词器切分上面的文本，并排对比：你构建的那个，以及在同一份训练文本上现场训练的其他几种。</translation>
    </message>
    <message>
        <source>{kind} (yours)</source>
        <translation>{kind}（你构建的）</translation>
    </message>
    <message>
        <source>“(yours)” is the tokenizer you built; the other kinds are trained here, on up to {count} characters of the training text, with their usual settings.</source>
        <translation>“（你构建的）”是你构建的分词器；其他几种是在这里现场训练的，用训练文本的前 {count} 个字符，采用各自的常用设置。</translation>
    </message>
    <message>
        <source>Each kind is trained here, on up to {count} characters of the training text, with its usual settings.</source>
        <translation>每一种都是在这里现场训练的，用训练文本的前 {count} 个字符，采用各自的常用设置。</translation>
    </message>
</context>
<context>
    <name>Learn</name>
    <message>
        <source>&lt;p&gt;&lt;b&gt;A model does not read letters or words: it reads numbers.&lt;/b&gt; The tokenizer cuts the text into &lt;b&gt;tokens&lt;/b&gt; and gives each one a number, its id. In the coloured text, each patch of colour is one token; hover over one to see its id (↵ marks a new line).&lt;/p&gt;&lt;p&gt;Small tokens, such as single characters, make a small vocabulary but long sequences. Whole words make short sequences but a huge vocabulary, and rare words become &amp;lt;unk&amp;gt;, which the model can never predict. Sub-word kinds such as BPE sit in between: common words stay whole, rare ones are spelled in pieces. &lt;i&gt;Compare all kinds&lt;/i&gt; cuts the same text seven ways.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;模型不认识字母和词语，它只认识数字。&lt;/b&gt;分词器把文本切成一个个&lt;b&gt;词元&lt;/b&gt;，并给每个词元一个编号（id）。在彩色显示的文本里，每一块颜色就是一个词元；把鼠标停在上面，就能看到它的编号（↵ 表示换行）。&lt;/p&gt;&lt;p&gt;词元切得小，比如一个字就是一个词元，词表就小，但序列很长。按整词切分，序列变短，词表却非常大，而且罕见的词会变成 &amp;lt;unk&amp;gt;，模型永远无法预测它。BPE 这类子词方法介于两者之间：常见的词保持完整，罕见的词拆成几块来拼。&lt;i&gt;比较所有类型&lt;/i&gt;会用七种方法切分同一段文本。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;The corpus is everything the model will ever know.&lt;/b&gt; A language model learns only from this text: fed Shakespeare, it writes like Shakespeare; fed Tang poems, it writes like Tang poems. More text, and more varied text, usually makes a better model.&lt;/p&gt;&lt;p&gt;The text is split into three parts. The model learns from the &lt;b&gt;training&lt;/b&gt; part, usually 90%. The &lt;b&gt;validation&lt;/b&gt; part is never learned from: during training the model is checked on it, to tell real learning from memorising. The &lt;b&gt;test&lt;/b&gt; part is kept aside for one final, honest score. &lt;b&gt;Different characters&lt;/b&gt;, in the statistics, is how many distinct symbols the text uses: a character tokenizer&apos;s vocabulary is the characters of the training part plus four special tokens, such as &amp;lt;unk&amp;gt; for a character it never saw.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;语料就是模型将会知道的一切。&lt;/b&gt;语言模型只从这段文本里学习：读的是莎士比亚，写出来就像莎士比亚；读的是唐诗，写出来就像唐诗。文本越多、越丰富，模型通常就越好。&lt;/p&gt;&lt;p&gt;文本被分成三部分。模型从&lt;b&gt;训练&lt;/b&gt;部分学习，通常占 90%。&lt;b&gt;验证&lt;/b&gt;部分从不用来学习：训练过程中用它来检查模型，分辨模型是真的学会了，还是只在死记硬背。&lt;b&gt;测试&lt;/b&gt;部分单独留着，最后给出一个公正的成绩。统计信息里的&lt;b&gt;不同字符数&lt;/b&gt;，是这段文本用到了多少种不同的符号：按字符分词时，词表就是训练部分的这些字符，再加上四个特殊词元，例如代表没见过的字符的 &amp;lt;unk&amp;gt;。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;An n-gram model learns by counting.&lt;/b&gt; An order-3 model looks at the last two tokens and asks: in the training text, what came after these two? If “th” was followed by “e” 600 times and by “a” the other 200 times:&lt;/p&gt;&lt;p align=&quot;center&quot;&gt;&lt;i&gt;P&lt;/i&gt;(e | th) = 600 / 800 = 75%&lt;/p&gt;&lt;p&gt;&lt;b&gt;Smoothing&lt;/b&gt; saves some probability for what was never seen: without it, a single unseen run of tokens would make a whole new text impossible. Kneser-Ney, the default, takes a little from every count and hands it to shorter contexts: what followed the last token alone, then how many different tokens each token follows.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;n 元语法模型靠数数来学习。&lt;/b&gt;3 元模型只看最后两个词元，然后问：在训练文本里，这两个词元后面出现过什么？假如“明月”后面有 60 次是“光”，另外 20 次是“几”：&lt;/p&gt;&lt;p align=&quot;center&quot;&gt;&lt;i&gt;P&lt;/i&gt;(光 | 明月) = 60 / 80 = 75%&lt;/p&gt;&lt;p&gt;&lt;b&gt;平滑&lt;/b&gt;为从没见过的情况留出一点概率：没有平滑，只要出现一个没见过的词元组合，整段新文本的概率就成了零。默认的 Kneser-Ney 平滑从每个计数里扣下一点，分给更短的上下文：先看只凭最后一个词元后面会接什么，再看每个词元能跟在多少种不同的词元后面。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;A recurrent network reads one token at a time and keeps a memory:&lt;/b&gt; the hidden state &lt;i&gt;h&lt;/i&gt;, a list of numbers as long as the &lt;i&gt;Hidden size&lt;/i&gt;. At every step it mixes the token just read, &lt;i&gt;x&lt;/i&gt;&lt;sub&gt;t&lt;/sub&gt;, into the old memory &lt;i&gt;h&lt;/i&gt;&lt;sub&gt;t−1&lt;/sub&gt;:&lt;/p&gt;&lt;p align=&quot;center&quot;&gt;&lt;i&gt;h&lt;/i&gt;&lt;sub&gt;t&lt;/sub&gt; = tanh(&lt;i&gt;W x&lt;/i&gt;&lt;sub&gt;t&lt;/sub&gt; + &lt;i&gt;U h&lt;/i&gt;&lt;sub&gt;t−1&lt;/sub&gt; + &lt;i&gt;b&lt;/i&gt;)&lt;/p&gt;&lt;p&gt;&lt;i&gt;W&lt;/i&gt;, &lt;i&gt;U&lt;/i&gt; and &lt;i&gt;b&lt;/i&gt; are the numbers training adjusts; tanh keeps every entry between −1 and 1. The next token’s probabilities are read from &lt;i&gt;h&lt;/i&gt;&lt;sub&gt;t&lt;/sub&gt;. The weakness: the whole memory is rewritten at every step, so what was read twenty tokens ago has mostly faded. LSTM and GRU add gates to fix this.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;循环神经网络一次读一个词元，并保留一份记忆：&lt;/b&gt;隐藏状态 &lt;i&gt;h&lt;/i&gt;，也就是一串数字，个数等于&lt;i&gt;隐藏层大小&lt;/i&gt;。每读一步，它就把刚读到的词元 &lt;i&gt;x&lt;/i&gt;&lt;sub&gt;t&lt;/sub&gt; 融进旧的记忆 &lt;i&gt;h&lt;/i&gt;&lt;sub&gt;t−1&lt;/sub&gt;：&lt;/p&gt;&lt;p align=&quot;center&quot;&gt;&lt;i&gt;h&lt;/i&gt;&lt;sub&gt;t&lt;/sub&gt; = tanh(&lt;i&gt;W x&lt;/i&gt;&lt;sub&gt;t&lt;/sub&gt; + &lt;i&gt;U h&lt;/i&gt;&lt;sub&gt;t−1&lt;/sub&gt; + &lt;i&gt;b&lt;/i&gt;)&lt;/p&gt;&lt;p&gt;&lt;i&gt;W&lt;/i&gt;、&lt;i&gt;U&lt;/i&gt; 和 &lt;i&gt;b&lt;/i&gt; 是训练时不断调整的参数；tanh 把每个数都压到 −1 和 1 之间。下一个词元的概率由 &lt;i&gt;h&lt;/i&gt;&lt;sub&gt;t&lt;/sub&gt; 算出。它的弱点是每一步都要改写整份记忆，所以二十个词元之前读到的内容，大多已经淡忘了。LSTM 和 GRU 加上了“门”来解决这个问题。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;An LSTM is a recurrent network with a longer memory.&lt;/b&gt; Besides &lt;i&gt;h&lt;/i&gt; it keeps a cell &lt;i&gt;c&lt;/i&gt;, guarded by three gates. Each gate is a number between 0 and 1 for every entry of the memory (σ squashes any number into that range):&lt;/p&gt;&lt;p align=&quot;center&quot;&gt;&lt;i&gt;c&lt;/i&gt;&lt;sub&gt;t&lt;/sub&gt; = &lt;i&gt;f&lt;/i&gt; ⊙ &lt;i&gt;c&lt;/i&gt;&lt;sub&gt;t−1&lt;/sub&gt; + &lt;i&gt;i&lt;/i&gt; ⊙ &lt;i&gt;g&lt;/i&gt; &amp;nbsp;&amp;nbsp;&amp;nbsp; &lt;i&gt;h&lt;/i&gt;&lt;sub&gt;t&lt;/sub&gt; = &lt;i&gt;o&lt;/i&gt; ⊙ tanh(&lt;i&gt;c&lt;/i&gt;&lt;sub&gt;t&lt;/sub&gt;)&lt;/p&gt;&lt;p&gt;The forget gate &lt;i&gt;f&lt;/i&gt; decides how much of the old cell to keep, the input gate &lt;i&gt;i&lt;/i&gt; how much of the new candidate &lt;i&gt;g&lt;/i&gt; to write, and the output gate &lt;i&gt;o&lt;/i&gt; how much to show. ⊙&amp;nbsp;multiplies entry by entry. While &lt;i&gt;f&lt;/i&gt; stays near 1, a fact is kept for many steps: that is how an LSTM remembers to close a quotation mark opened long before.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;LSTM（长短期记忆网络）是记性更好的循环神经网络。&lt;/b&gt;除了 &lt;i&gt;h&lt;/i&gt;，它还有一个细胞状态 &lt;i&gt;c&lt;/i&gt;，由三个“门”把守。对记忆里的每一项，每个门都给出一个 0 到 1 之间的数（σ 函数能把任何数压到这个范围里）：&lt;/p&gt;&lt;p align=&quot;center&quot;&gt;&lt;i&gt;c&lt;/i&gt;&lt;sub&gt;t&lt;/sub&gt; = &lt;i&gt;f&lt;/i&gt; ⊙ &lt;i&gt;c&lt;/i&gt;&lt;sub&gt;t−1&lt;/sub&gt; + &lt;i&gt;i&lt;/i&gt; ⊙ &lt;i&gt;g&lt;/i&gt; &amp;nbsp;&amp;nbsp;&amp;nbsp; &lt;i&gt;h&lt;/i&gt;&lt;sub&gt;t&lt;/sub&gt; = &lt;i&gt;o&lt;/i&gt; ⊙ tanh(&lt;i&gt;c&lt;/i&gt;&lt;sub&gt;t&lt;/sub&gt;)&lt;/p&gt;&lt;p&gt;遗忘门 &lt;i&gt;f&lt;/i&gt; 决定旧的细胞状态留下多少，输入门 &lt;i&gt;i&lt;/i&gt; 决定新的候选值 &lt;i&gt;g&lt;/i&gt; 写进去多少，输出门 &lt;i&gt;o&lt;/i&gt; 决定拿出来多少。⊙&amp;nbsp;表示逐项相乘。只要 &lt;i&gt;f&lt;/i&gt; 一直接近 1，一条信息就能保留很多步：LSTM 就是这样记住很久以前打开的引号，后面还要关上。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;A GRU is a simpler gated network:&lt;/b&gt; two gates and no separate cell. It has three sets of weights where an LSTM has four, so fewer numbers to learn at the same size (watch &lt;i&gt;Parameters&lt;/i&gt; change when you switch), and it often learns just as well.&lt;/p&gt;&lt;p align=&quot;center&quot;&gt;&lt;i&gt;h&lt;/i&gt;&lt;sub&gt;t&lt;/sub&gt; = (1 − &lt;i&gt;z&lt;/i&gt;) ⊙ &lt;i&gt;h&lt;/i&gt;&lt;sub&gt;t−1&lt;/sub&gt; + &lt;i&gt;z&lt;/i&gt; ⊙ &lt;i&gt;ñ&lt;/i&gt;&lt;/p&gt;&lt;p&gt;The update gate &lt;i&gt;z&lt;/i&gt;, between 0 and 1, blends the old memory &lt;i&gt;h&lt;/i&gt;&lt;sub&gt;t−1&lt;/sub&gt; with a new candidate &lt;i&gt;ñ&lt;/i&gt;: near 0 it keeps the old memory, near 1 it writes the new one. The reset gate &lt;i&gt;r&lt;/i&gt; decides how much of the old memory goes into the candidate. ⊙&amp;nbsp;multiplies entry by entry.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;GRU（门控循环单元）是更简单的门控网络：&lt;/b&gt;只有两个门，没有单独的细胞状态。LSTM 有四组权重，它只有三组，所以同样大小时要学的参数更少（切换时留意&lt;i&gt;参数&lt;/i&gt;数量的变化），而学习效果常常一样好。&lt;/p&gt;&lt;p align=&quot;center&quot;&gt;&lt;i&gt;h&lt;/i&gt;&lt;sub&gt;t&lt;/sub&gt; = (1 − &lt;i&gt;z&lt;/i&gt;) ⊙ &lt;i&gt;h&lt;/i&gt;&lt;sub&gt;t−1&lt;/sub&gt; + &lt;i&gt;z&lt;/i&gt; ⊙ &lt;i&gt;ñ&lt;/i&gt;&lt;/p&gt;&lt;p&gt;更新门 &lt;i&gt;z&lt;/i&gt; 取 0 到 1 之间的值，把旧记忆 &lt;i&gt;h&lt;/i&gt;&lt;sub&gt;t−1&lt;/sub&gt; 和新的候选值 &lt;i&gt;ñ&lt;/i&gt; 按比例调和：接近 0 时保留旧记忆，接近 1 时换成新内容。重置门 &lt;i&gt;r&lt;/i&gt; 决定旧记忆有多少进入候选值。⊙&amp;nbsp;表示逐项相乘。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;A transformer carries no memory: each token looks back at the earlier ones and decides which matter.&lt;/b&gt; Every token makes a query &lt;i&gt;Q&lt;/i&gt; (what it looks for), a key &lt;i&gt;K&lt;/i&gt; (what it offers) and a value &lt;i&gt;V&lt;/i&gt; (what it passes on). Queries are compared with keys, the scores become shares adding up to 1, and the values are mixed by those shares:&lt;/p&gt;&lt;p align=&quot;center&quot;&gt;softmax(&lt;i&gt;Q K&lt;/i&gt;&lt;sup&gt;T&lt;/sup&gt; / √&lt;i&gt;d&lt;/i&gt;) &lt;i&gt;V&lt;/i&gt;&lt;/p&gt;&lt;p&gt;The &lt;b&gt;causal mask&lt;/b&gt; lets a token see only itself and earlier tokens, never the ones it must guess. Each layer has several &lt;b&gt;heads&lt;/b&gt; looking for different things (&lt;i&gt;d&lt;/i&gt; is one head’s size); &lt;b&gt;layers&lt;/b&gt; repeat this on what the last one found. The &lt;b&gt;embedding size&lt;/b&gt; is how many numbers describe a token; the &lt;b&gt;context length&lt;/b&gt;, how far back it can look.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;这种网络不携带记忆：每个词元都回头看前面的词元，并决定哪些重要。&lt;/b&gt;每个词元生成一个查询 &lt;i&gt;Q&lt;/i&gt;（它在找什么）、一个键 &lt;i&gt;K&lt;/i&gt;（它能提供什么）和一个值 &lt;i&gt;V&lt;/i&gt;（它传递什么）。查询与每个键相比较，得分变成加起来为 1 的份额，再按这些份额把值混合起来：&lt;/p&gt;&lt;p align=&quot;center&quot;&gt;softmax(&lt;i&gt;Q K&lt;/i&gt;&lt;sup&gt;T&lt;/sup&gt; / √&lt;i&gt;d&lt;/i&gt;) &lt;i&gt;V&lt;/i&gt;&lt;/p&gt;&lt;p&gt;&lt;b&gt;因果掩码&lt;/b&gt;让词元只能看到自己和前面的词元，永远看不到它要猜的后文。每一层有几个&lt;b&gt;注意力头&lt;/b&gt;，各自寻找不同的东西（&lt;i&gt;d&lt;/i&gt; 是一个头的大小）；每多一&lt;b&gt;层&lt;/b&gt;，就在上一层找到的结果上再做一遍。&lt;b&gt;嵌入大小&lt;/b&gt;是描述一个词元的数字个数；&lt;b&gt;上下文长度&lt;/b&gt;是它最远能回头看多远。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Training is practice at guessing the next token.&lt;/b&gt; At each step the model guesses each next token of a batch of text, and its numbers are nudged to make the right tokens a little more likely.&lt;/p&gt;&lt;p&gt;The &lt;b&gt;loss&lt;/b&gt; says how wrong the guesses were, in nats: the average of −ln &lt;i&gt;p&lt;/i&gt;, where &lt;i&gt;p&lt;/i&gt; is the probability the model gave to the token that really came. Lower is better. The blue curve is the loss on training text; the orange dots, on validation text the model never learns from. If blue keeps falling while orange rises, the model is memorising.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Perplexity&lt;/b&gt; = &lt;i&gt;e&lt;/i&gt;&lt;sup&gt;loss&lt;/sup&gt;: 12 means the model is as unsure as if it chose among 12 equally likely tokens. &lt;b&gt;Bits per character&lt;/b&gt; = loss ÷ ln 2 ÷ characters per token.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;训练就是反复练习猜下一个词元。&lt;/b&gt;每一步，模型对一批文本逐个猜下一个词元，然后参数被微调一下，让正确的词元变得更可能一点。&lt;/p&gt;&lt;p&gt;&lt;b&gt;损失&lt;/b&gt;衡量猜得有多差：它是 −ln &lt;i&gt;p&lt;/i&gt; 的平均值，&lt;i&gt;p&lt;/i&gt; 是模型给实际出现的那个词元的概率，单位是奈特（nat）。越低越好。蓝色曲线是训练文本上的损失；橙色圆点是验证文本上的损失，模型从不用验证文本学习。如果蓝线一直下降，橙点却开始上升，说明模型在死记硬背。&lt;/p&gt;&lt;p&gt;&lt;b&gt;困惑度&lt;/b&gt; = &lt;i&gt;e&lt;/i&gt;&lt;sup&gt;损失&lt;/sup&gt;：困惑度为 12，表示模型犹豫的程度，就像在 12 个同样可能的词元里随便挑一个。&lt;b&gt;每字符比特数&lt;/b&gt; = 损失 ÷ ln 2 ÷ 每个词元的平均字符数。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;The model writes one token at a time.&lt;/b&gt; At each step it gives every token a probability and draws one at random by those odds. &lt;i&gt;Step&lt;/i&gt; shows one draw as bars. Say the model gives “e” 50%, “a” 30%, “o” 15%, “x” 5%:&lt;/p&gt;&lt;p&gt;&lt;b&gt;Temperature&lt;/b&gt; reshapes the odds. At 0.5 they sharpen to 68%, 25%, 6%, under 1%: safe, repetitive text. At 2 they flatten to 38%, 29%, 21%, 12%: bolder text, more mistakes. At 0 the likeliest token always wins. &lt;b&gt;Top-k&lt;/b&gt; keeps only the k likeliest: top-k 2 keeps “e” and “a”. &lt;b&gt;Top-p&lt;/b&gt; keeps the likeliest until they add up to p: top-p 0.9 keeps “e”, “a” and “o” (95%).&lt;/p&gt;&lt;p&gt;Green tokens were expected; red ones surprised the model.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;模型一次写一个词元。&lt;/b&gt;每一步，它给每个词元一个概率，再按这些概率随机抽出一个。按&lt;i&gt;单步&lt;/i&gt;，可以用条形图看清一次抽取。假设模型给出：“春”50%、“花”30%、“月”15%、“夜”5%：&lt;/p&gt;&lt;p&gt;&lt;b&gt;温度&lt;/b&gt;改变这些概率的分布。温度为 0.5 时概率更集中：68%、25%、6%、不到 1%，写出的文字稳妥，但容易重复。温度为 2 时概率更平均：38%、29%、21%、12%，文字更大胆，错误也更多。温度为 0 时，总是选概率最高的那个。&lt;b&gt;Top-k&lt;/b&gt; 只保留概率最高的 k 个：top-k 为 2 时只剩“春”和“花”。&lt;b&gt;Top-p&lt;/b&gt; 从最可能的开始往下累加，加到 p 为止：top-p 为 0.9 时留下“春”“花”“月”（合计 95%）。&lt;/p&gt;&lt;p&gt;绿色的词元在模型意料之中，红色的则让模型感到意外。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;A recurrent network carries a memory, a list of numbers (units), from one character to the next.&lt;/b&gt; At each step it mixes the new character with the memory: h&lt;sub&gt;t&lt;/sub&gt; = tanh(W x&lt;sub&gt;t&lt;/sub&gt; + U h&lt;sub&gt;t−1&lt;/sub&gt; + b). An LSTM or GRU also has &lt;b&gt;gates&lt;/b&gt;, numbers between 0 and 1 that decide what to forget and what to write.&lt;/p&gt;&lt;p&gt;In the heatmap each row is one unit, each column one character: red positive, blue negative. &lt;b&gt;Find the neuron&lt;/b&gt; asks whether some unit tracks something in the text, such as being inside quotes. The &lt;b&gt;embedding map&lt;/b&gt; shows where the model places each token: tokens it uses alike end up close.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;循环网络带着一份记忆（一串数字，称为单元）从一个字符传到下一个字符。&lt;/b&gt;每一步它把新字符和记忆混合起来：h&lt;sub&gt;t&lt;/sub&gt; = tanh(W x&lt;sub&gt;t&lt;/sub&gt; + U h&lt;sub&gt;t−1&lt;/sub&gt; + b)。LSTM 或 GRU 还有&lt;b&gt;门&lt;/b&gt;，即 0 到 1 之间的数，决定忘掉什么、写入什么。&lt;/p&gt;&lt;p&gt;热图中每一行是一个单元，每一列是一个字符：红色为正，蓝色为负。&lt;b&gt;找神经元&lt;/b&gt;会问：有没有某个单元在跟踪文本中的某种东西，比如是否在引号内。&lt;b&gt;嵌入地图&lt;/b&gt;显示模型把每个词元放在哪里：用法相似的词元会靠得很近。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Each run is one trained model&lt;/b&gt;, kept in its own folder with its settings, its tokenizer, the model itself and its loss curve: open it again later, or hand the folder to a class.&lt;/p&gt;&lt;p&gt;To pick the best model, compare &lt;b&gt;Validation perplexity&lt;/b&gt;: lower is better. Compare only runs with the same tokenizer: a word model chooses among thousands of words, a character model among a few dozen letters, so their perplexities differ for that reason alone. Select several rows to lay their loss curves over each other. &lt;b&gt;Test perplexity&lt;/b&gt; is the final score, on text no choice was based on.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;每次运行就是一个训练好的模型&lt;/b&gt;，保存在自己的文件夹里，包括设置、分词器、模型本身和损失曲线：以后可以再打开，也可以把文件夹发给全班同学。&lt;/p&gt;&lt;p&gt;要挑出最好的模型，就比较&lt;b&gt;验证困惑度&lt;/b&gt;：越低越好。只比较使用同一种分词器的运行：词级模型要在成千上万个词里挑，字符级模型只在几十个字母里挑，单凭这一点，两者的困惑度就差得很远，不能直接比。选中几行，就能把它们的损失曲线叠在一起比较。&lt;b&gt;测试困惑度&lt;/b&gt;是最终成绩，用的是从未参与任何选择的文本。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>What is happening here?</source>
        <translation>这里发生了什么？</translation>
    </message>
    <message>
        <source>Show or hide a short explanation of this step.</source>
        <translation>显示或隐藏这一步的简短讲解。</translation>
    </message>
    <message>
        <source>The explanation is shown.</source>
        <translation>讲解已展开。</translation>
    </message>
    <message>
        <source>The explanation is hidden.</source>
        <translation>讲解已收起。</translation>
    </message>
</context>
<context>
    <name>LessonBanner</name>
    <message>
        <source>Hide this message. The lesson stays open.</source>
        <translation>隐藏这条消息。课程仍然保持打开。</translation>
    </message>
    <message>
        <source>Lesson</source>
        <translation>课程</translation>
    </message>
    <message>
        <source>The lesson could not be opened</source>
        <translation>无法打开课程</translation>
    </message>
</context>
<context>
    <name>Lessons</name>
    <message>
        <source>Tokenizer</source>
        <translation>分词器</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>This lesson fixes some settings, so its presets cannot be changed.</source>
        <translation>这门课程固定了部分设置，所以不能更换预设。</translation>
    </message>
    <message>
        <source>Locked by the lesson “{title}”.</source>
        <translation>已被课程“{title}”锁定。</translation>
    </message>
    <message>
        <source>Locked by the lesson.</source>
        <translation>已被课程锁定。</translation>
    </message>
    <message>
        <source>A model is training. Stop it first, then open the lesson again.</source>
        <translation>有模型正在训练。请先停止训练，再重新打开课程。</translation>
    </message>
    <message>
        <source>The lesson could not be opened.</source>
        <translation>无法打开这门课程。</translation>
    </message>
    <message>
        <source>Opened the lesson {name}.</source>
        <translation>已打开课程 {name}。</translation>
    </message>
    <message>
        <source>Open lesson</source>
        <translation>打开课程</translation>
    </message>
    <message>
        <source>Lessons (*.lmlesson);;All files (*)</source>
        <translation>课程文件 (*.lmlesson);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Save as lesson</source>
        <translation>另存为课程</translation>
    </message>
    <message>
        <source>Lessons (*.lmlesson)</source>
        <translation>课程文件 (*.lmlesson)</translation>
    </message>
    <message>
        <source>Saved the lesson {path}.</source>
        <translation>课程已保存：{path}。</translation>
    </message>
    <message>
        <source>Open &amp;lesson…</source>
        <translation>打开课程(&amp;L)…</translation>
    </message>
    <message>
        <source>Open a lesson a teacher saved: its text, settings and instructions.</source>
        <translation>打开老师保存的课程：包括它的文本、设置和说明。</translation>
    </message>
    <message>
        <source>Save as l&amp;esson…</source>
        <translation>另存为课程(&amp;E)…</translation>
    </message>
    <message>
        <source>Save the text and settings as a lesson file for a class, with instructions and settings they cannot change.</source>
        <translation>把文本和设置保存成课程文件发给全班，可以附上说明，并锁定学生不能修改的设置。</translation>
    </message>
    <message>
        <source>Show lesson &amp;instructions</source>
        <translation>显示课程说明(&amp;I)</translation>
    </message>
    <message>
        <source>Show the open lesson&apos;s instructions again.</source>
        <translation>再次显示当前课程的说明。</translation>
    </message>
    <message>
        <source>Close lesso&amp;n</source>
        <translation>关闭课程(&amp;N)</translation>
    </message>
    <message>
        <source>Close the lesson: every setting can be changed again; the text stays.</source>
        <translation>关闭课程：所有设置都可以重新修改；文本保留。</translation>
    </message>
    <message>
        <source>Lesson: {title}</source>
        <translation>课程：{title}</translation>
    </message>
    <message>
        <source>A lesson is open</source>
        <translation>已打开一门课程</translation>
    </message>
    <message>
        <source>A lesson is open; the settings it locks cannot be changed. Click to read its instructions again; File &gt; Close lesson frees the settings.</source>
        <translation>已打开一门课程，它锁定的设置不能修改。点击可再次阅读课程说明；“文件 &gt; 关闭课程”会解除这些锁定。</translation>
    </message>
</context>
<context>
    <name>LossMarkers</name>
    <message>
        <source>best (weights kept)</source>
        <translation>最佳（保留此处权重）</translation>
    </message>
    <message>
        <source>stopped early</source>
        <translation>在此提前停止</translation>
    </message>
</context>
<context>
    <name>LossPlot</name>
    <message>
        <source>Show perplexity</source>
        <translation>显示困惑度</translation>
    </message>
    <message>
        <source>Perplexity is e to the power of the loss: how many tokens the model hesitates between, on average. A perplexity of 10 means the model is as unsure as if it picked among 10 equally likely tokens.</source>
        <translation>困惑度等于 e 的“损失”次方，表示模型平均在多少个词元之间犹豫不决。困惑度为 10，就是说模型拿不准的程度，相当于要从 10 个可能性一样大的词元里挑一个。</translation>
    </message>
    <message>
        <source>Log scale</source>
        <translation>对数坐标</translation>
    </message>
    <message>
        <source>Space the vertical axis by powers of ten, so that small improvements late in training stay visible next to the big drop at the start.</source>
        <translation>纵轴按 10 的幂来划分刻度。这样，训练后期的小小进步，和一开始的大幅下降放在一起也能看得清楚。</translation>
    </message>
    <message>
        <source>Average each point with the ones before it to see the trend through the noise. The unsmoothed curve stays faint behind. Only the drawing changes, not the training.</source>
        <translation>把每个点和它前面的点取平均，透过上下起伏的噪声看清整体趋势。没有平滑的原始曲线会淡淡地留在后面。这只改变曲线的画法，不影响训练本身。</translation>
    </message>
    <message>
        <source>Smoothing</source>
        <translation>平滑</translation>
    </message>
    <message>
        <source>How wrong the model&apos;s guesses are, step after step: lower is better. Drag to move, scroll to zoom, right-click for more.</source>
        <translation>模型每一步猜得有多不准：越低越好。拖动可以平移，滚动滚轮可以缩放，右键单击可以看到更多选项。</translation>
    </message>
    <message>
        <source>training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>验证</translation>
    </message>
    <message>
        <source>The loss curve appears here once training starts. Lower is better.</source>
        <translation>开始训练后，损失曲线会显示在这里。越低越好。</translation>
    </message>
    <message>
        <source>{s}s</source>
        <translation>{s}秒</translation>
    </message>
    <message>
        <source>{h}h{m:02d}m</source>
        <translation>{h}小时{m:02d}分</translation>
    </message>
    <message>
        <source>{m}m{s:02d}s</source>
        <translation>{m}分{s:02d}秒</translation>
    </message>
    <message>
        <source>{m}m</source>
        <translation>{m}分</translation>
    </message>
    <message>
        <source>training time (s)</source>
        <translation>训练时间（秒）</translation>
    </message>
    <message>
        <source>training time (min)</source>
        <translation>训练时间（分钟）</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>perplexity</source>
        <translation>困惑度</translation>
    </message>
    <message>
        <source>loss (nats per token)</source>
        <translation>损失（每个词元的奈特数）</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Corpus</source>
        <translation>语料</translation>
    </message>
    <message>
        <source>Tokenizer</source>
        <translation>分词器</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Generate</source>
        <translation>生成</translation>
    </message>
    <message>
        <source>Inside</source>
        <translation>模型内部</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>训练记录</translation>
    </message>
    <message>
        <source>Language Model Studio</source>
        <translation>语言模型工作室</translation>
    </message>
    <message>
        <source>The steps, in order. A tick means the step is done.</source>
        <translation>按顺序排列的各个步骤。打勾表示这一步已经完成。</translation>
    </message>
    <message>
        <source>Opening {step}…</source>
        <translation>正在打开“{step}”…</translation>
    </message>
    <message>
        <source>Loading the training engine…</source>
        <translation>正在加载训练引擎…</translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation>新建(&amp;N)</translation>
    </message>
    <message>
        <source>Start again with nothing chosen.</source>
        <translation>清空所有选择，从头开始。</translation>
    </message>
    <message>
        <source>Open &amp;corpus…</source>
        <translation>打开语料(&amp;C)…</translation>
    </message>
    <message>
        <source>Open text files to learn from.</source>
        <translation>打开给模型学习的文本文件。</translation>
    </message>
    <message>
        <source>Open &amp;folder…</source>
        <translation>打开文件夹(&amp;F)…</translation>
    </message>
    <message>
        <source>Open a folder of text files to learn from.</source>
        <translation>打开一个装有文本文件的文件夹，给模型学习。</translation>
    </message>
    <message>
        <source>Open &amp;run…</source>
        <translation>打开训练记录(&amp;R)…</translation>
    </message>
    <message>
        <source>Open a run folder saved earlier, to generate text or compare.</source>
        <translation>打开以前保存的训练记录文件夹，用来生成文本或进行比较。</translation>
    </message>
    <message>
        <source>&amp;Save run as…</source>
        <translation>训练记录另存为(&amp;S)…</translation>
    </message>
    <message>
        <source>Copy the current run folder somewhere, to keep it or hand it to a class.</source>
        <translation>把当前的训练记录文件夹复制到别处，方便保存，或者分发给全班同学。</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>偏好设置(&amp;P)…</translation>
    </message>
    <message>
        <source>Settings of the app.</source>
        <translation>软件的各项设置。</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Close the app.</source>
        <translation>关闭软件。</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>How to use the app, step by step.</source>
        <translation>一步一步介绍怎样使用本软件。</translation>
    </message>
    <message>
        <source>Open the &amp;log folder</source>
        <translation>打开日志文件夹(&amp;L)</translation>
    </message>
    <message>
        <source>Where the app writes details of problems, for reporting them.</source>
        <translation>软件会把出现问题时的详细信息写在这里，方便报告问题。</translation>
    </message>
    <message>
        <source>&amp;About</source>
        <translation>关于(&amp;A)</translation>
    </message>
    <message>
        <source>Version and licence.</source>
        <translation>版本和许可证。</translation>
    </message>
    <message>
        <source>&amp;Presentation mode</source>
        <translation>演示模式(&amp;P)</translation>
    </message>
    <message>
        <source>Large text, thick plot lines and strong contrast for a projector; advanced settings are hidden. Press {key} again to go back.</source>
        <translation>为投影仪准备：大号文字、粗曲线、高对比度，并隐藏高级设置。再按一次 {key} 即可恢复。</translation>
    </message>
    <message>
        <source>Go to the {step} step.</source>
        <translation>转到“{step}”步骤。</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>转到(&amp;G)</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>已就绪</translation>
    </message>
    <message>
        <source>Open run folder</source>
        <translation>打开训练记录文件夹</translation>
    </message>
    <message>
        <source>Save run into folder</source>
        <translation>把训练记录保存到文件夹</translation>
    </message>
    <message>
        <source>Started again.</source>
        <translation>已重新开始。</translation>
    </message>
    <message>
        <source>Nothing opened yet</source>
        <translation>还没有打开过任何文件</translation>
    </message>
    <message>
        <source>Presentation mode: press {key} to leave it.</source>
        <translation>已进入演示模式：按 {key} 退出。</translation>
    </message>
    <message>
        <source>Presentation mode is off.</source>
        <translation>已退出演示模式。</translation>
    </message>
    <message>
        <source>The training engine is ready ({engine}).</source>
        <translation>训练引擎已就绪（{engine}）。</translation>
    </message>
    <message>
        <source>About Language Model Studio</source>
        <translation>关于语言模型工作室</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Language Model Studio {version}&lt;/h3&gt;&lt;p&gt;See how a language model learns: from text to tokens, to a trained model, to generated text.&lt;/p&gt;&lt;p&gt;Free software under the MIT licence. The sample texts keep their own licences (see the samples&apos; SOURCES file).&lt;/p&gt;</source>
        <translation>&lt;h3&gt;语言模型工作室 {version}&lt;/h3&gt;&lt;p&gt;看看语言模型是怎样学习的：从文本到词元，再到训练好的模型，最后到生成的文本。&lt;/p&gt;&lt;p&gt;本软件是自由软件，采用 MIT 许可证发布。示例文本各自沿用原来的许可证（见示例语料的 SOURCES 文件）。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Training is running</source>
        <translation>正在训练</translation>
    </message>
    <message>
        <source>A model is training. Stop it? What it has learned so far is kept in its run folder, and it can be resumed later.</source>
        <translation>有一个模型正在训练。要停止吗？它到目前为止学到的东西会保存在它的训练记录文件夹里，以后还可以接着训练。</translation>
    </message>
</context>
<context>
    <name>MixPanel</name>
    <message>
        <source>Mix weight:</source>
        <translation>混合权重：</translation>
    </message>
    <message>
        <source>How much the first model counts in the mix; the rest goes to the second. The mix was saved with the weights that fit the validation text best.</source>
        <translation>第一个模型在混合中占多少；其余归第二个模型。混合保存时用的是最适合验证文本的权重。</translation>
    </message>
    <message>
        <source>Colour by model</source>
        <translation>按模型着色</translation>
    </message>
    <message>
        <source>Colour each written token by which model carried it: its share of the token&apos;s probability in the mix.</source>
        <translation>按哪个模型“贡献”了每个生成的词元来着色：即它在混合中占该词元概率的份额。</translation>
    </message>
</context>
<context>
    <name>ModelPage</name>
    <message>
        <source>tiny</source>
        <translation>迷你</translation>
    </message>
    <message>
        <source>small</source>
        <translation>小型</translation>
    </message>
    <message>
        <source>medium</source>
        <translation>中型</translation>
    </message>
    <message>
        <source>{count} bytes</source>
        <translation>{count} 字节</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Choose what kind of model learns the text, and how big it is. Every setting explains itself when you hover over it.</source>
        <translation>选择用哪种模型来学习这份文本，以及模型有多大。把鼠标停在任何一项设置上，都能看到它的说明。</translation>
    </message>
    <message>
        <source>Ready-made settings; you can change any of them.</source>
        <translation>现成的一组设置；其中每一项都可以再修改。</translation>
    </message>
    <message>
        <source>The kind of model: counting (n-gram), a neural network that reads token by token (RNN, LSTM, GRU), or a transformer that looks back at every earlier token at once (GPT).</source>
        <translation>模型的类型：靠计数的 n 元语法模型，一个词元一个词元往下读的神经网络（RNN、LSTM、GRU），或者一次回看前面所有词元的 Transformer（GPT）。</translation>
    </message>
    <message>
        <source>custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <source>Preset:</source>
        <translation>预设：</translation>
    </message>
    <message>
        <source>Model family:</source>
        <translation>模型类型：</translation>
    </message>
    <message>
        <source>A model is training now: changes here apply to the next run, not to the one training.</source>
        <translation>正在训练一个模型：这里的更改只对下一次运行生效，不影响正在训练的这一个。</translation>
    </message>
    <message>
        <source>n-gram settings</source>
        <translation>n 元语法设置</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Show advanced settings</source>
        <translation>显示高级设置</translation>
    </message>
    <message>
        <source>Show the settings most people never need to change.</source>
        <translation>显示大多数人都用不着改动的设置。</translation>
    </message>
    <message>
        <source>You changed {settings}: the settings are now your own (custom). Pick a preset to go back.</source>
        <translation>你改动了{settings}：现在这些设置是你自己的（自定义）。选一个预设即可回到预设设置。</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>Build a tokenizer first.</source>
        <translation>请先构建分词器。</translation>
    </message>
</context>
<context>
    <name>NGramExplainPanel</name>
    <message>
        <source>Where the probability comes from</source>
        <translation>概率从哪里来</translation>
    </message>
    <message>
        <source>An n-gram model mixes what followed the last few tokens with what followed fewer of them. Point at a token in the bars to see how.</source>
        <translation>n 元模型把最后几个词元之后出现过的内容，与更短上下文之后出现过的内容混合起来。把鼠标指向条形图中的一个词元，看看是怎么混合的。</translation>
    </message>
    <message>
        <source>Point at a token in the bars to see where its probability comes from.</source>
        <translation>把鼠标指向条形图中的一个词元，看看它的概率从哪里来。</translation>
    </message>
    <message>
        <source>&lt; 0.1 %</source>
        <translation>&lt; 0.1 %</translation>
    </message>
    <message>
        <source>{value} %</source>
        <translation>{value} %</translation>
    </message>
    <message>
        <source>(no context)</source>
        <translation>（无上下文）</translation>
    </message>
    <message>
        <source>&lt;b&gt;{token}: {percent}.&lt;/b&gt; The model has not seen these last tokens: it goes by how often each token occurs in the text.</source>
        <translation>&lt;b&gt;{token}：{percent}。&lt;/b&gt;模型没有见过最后这几个词元：它只看每个词元在文本中出现得多频繁。</translation>
    </message>
    <message>
        <source>&lt;b&gt;{token}: {percent}, {own} from what followed {context}, {rest} from shorter contexts.&lt;/b&gt;</source>
        <translation>&lt;b&gt;{token}：{percent}，其中 {own} 来自 {context} 之后出现过的内容，{rest} 来自更短的上下文。&lt;/b&gt;</translation>
    </message>
    <message>
        <source>The longest context seen is {context} (order {order}): in the training text it was followed by a token {total} times, by {token} {count} times. Different tokens after it: {followers}.</source>
        <translation>见过的最长上下文是 {context}（{order} 阶）：训练文本中它后面共出现过 {total} 次词元，其中 {token} {count} 次。它后面出现过的不同词元：{followers} 个。</translation>
    </message>
    <message>
        <source>The longest context seen is {context} (order {order}): in the text {count} different tokens followed it, {token} among them.</source>
        <translation>见过的最长上下文是 {context}（{order} 阶）：文本中它后面出现过 {count} 个不同的词元，{token} 是其中之一。</translation>
    </message>
    <message>
        <source>The longest context seen is {context} (order {order}): in the text {count} different tokens followed it, never {token}.</source>
        <translation>见过的最长上下文是 {context}（{order} 阶）：文本中它后面出现过 {count} 个不同的词元，但从未出现 {token}。</translation>
    </message>
    <message>
        <source>The discount set aside {percent} of it for shorter contexts.</source>
        <translation>折扣从中留出 {percent} 给更短的上下文。</translation>
    </message>
    <message>
        <source>(Kneser-Ney discounts: D1 {d1}, D2 {d2}, D3+ {d3}.)</source>
        <translation>（Kneser-Ney 折扣：D1 {d1}，D2 {d2}，D3+ {d3}。）</translation>
    </message>
    <message>
        <source>(How often each context was seen is not known for this model: it was imported from an ARPA file, or trained before the app kept the counts.)</source>
        <translation>（这个模型不知道每个上下文出现过几次：它是从 ARPA 文件导入的，或是在本应用开始保存计数之前训练的。）</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>阶</translation>
    </message>
    <message>
        <source>Context</source>
        <translation>上下文</translation>
    </message>
    <message>
        <source>Tokens after it</source>
        <translation>其后的词元数</translation>
    </message>
    <message>
        <source>Seen</source>
        <translation>出现次数</translation>
    </message>
    <message>
        <source>Set aside</source>
        <translation>留出</translation>
    </message>
    <message>
        <source>Part</source>
        <translation>贡献</translation>
    </message>
    <message>
        <source>{count} of {total}</source>
        <translation>{total} 次中 {count} 次</translation>
    </message>
</context>
<context>
    <name>NeuronsTab</name>
    <message>
        <source>Is there a unit that knows we are inside a quote? Each feature of the text is compared with every unit; the one that follows it most closely (correlation near +1 or −1) is shown.</source>
        <translation>有没有一个单元知道我们正处在引号里？文本的每个特征都与每个单元比较；显示跟得最紧的那个（相关系数接近 +1 或 −1）。</translation>
    </message>
    <message>
        <source>Feature of the text</source>
        <translation>文本特征</translation>
    </message>
    <message>
        <source>Best unit</source>
        <translation>最佳单元</translation>
    </message>
    <message>
        <source>Correlation</source>
        <translation>相关系数</translation>
    </message>
    <message>
        <source>hidden state</source>
        <translation>隐藏状态</translation>
    </message>
    <message>
        <source>input gate</source>
        <translation>输入门</translation>
    </message>
    <message>
        <source>forget gate</source>
        <translation>遗忘门</translation>
    </message>
    <message>
        <source>output gate</source>
        <translation>输出门</translation>
    </message>
    <message>
        <source>cell memory</source>
        <translation>细胞记忆</translation>
    </message>
    <message>
        <source>reset gate</source>
        <translation>重置门</translation>
    </message>
    <message>
        <source>update gate</source>
        <translation>更新门</translation>
    </message>
    <message>
        <source>candidate</source>
        <translation>候选值</translation>
    </message>
    <message>
        <source>unit {unit} ({track})</source>
        <translation>单元 {unit}（{track}）</translation>
    </message>
    <message>
        <source>The text is too short or too even to compare.</source>
        <translation>文本太短或太单调，无法比较。</translation>
    </message>
    <message>
        <source>unit {unit}</source>
        <translation>单元 {unit}</translation>
    </message>
    <message>
        <source>Unit {unit} of the {track} follows “{feature}” with a correlation of {r}. Red where it is high:</source>
        <translation>{track}的单元 {unit} 跟随“{feature}”，相关系数为 {r}。数值高处为红色：</translation>
    </message>
</context>
<context>
    <name>NextTokenBars</name>
    <message>
        <source>Show raw probabilities</source>
        <translation>显示原始概率</translation>
    </message>
    <message>
        <source>Show the model&apos;s own probabilities, before temperature, top-k and top-p change them. Off: the bars show what the next token is really drawn from.</source>
        <translation>显示模型自己的概率，即温度、top-k 和 top-p 改变它们之前的样子。不勾选时，条形图显示下一个词元真正从中抽取的分布。</translation>
    </message>
    <message>
        <source>{value} %</source>
        <translation>{value} %</translation>
    </message>
    <message>
        <source>Temperature 0 always takes the top token: {count} others never drawn</source>
        <translation>温度为 0 时总是取第一个词元：其余 {count} 个永远不会被抽到</translation>
    </message>
    <message>
        <source>Top-k {k} cuts here: {count} tokens ({mass}) never drawn</source>
        <translation>Top-k {k} 在此截断：{count} 个词元（{mass}）永远不会被抽到</translation>
    </message>
    <message>
        <source>Top-p {p} cuts here: {count} tokens ({mass}) never drawn</source>
        <translation>Top-p {p} 在此截断：{count} 个词元（{mass}）永远不会被抽到</translation>
    </message>
    <message>
        <source>{count} more kept tokens not shown</source>
        <translation>另有 {count} 个保留的词元未显示</translation>
    </message>
</context>
<context>
    <name>OrderBars</name>
    <message>
        <source>How many different runs of 1, 2, 3 … tokens the training text holds.</source>
        <translation>训练文本中有多少种不同的 1、2、3 … 个词元的连续序列。</translation>
    </message>
    <message>
        <source>How surprised the model is by the validation text when it may look back 0, 1, 2 … tokens (order 1, 2, 3 …): lower is better. Each longer context helps, until the longer runs are too rare to have been seen.</source>
        <translation>模型可以往回看 0、1、2 … 个词元（阶数 1、2、3 …）时，对验证文本有多意外：越低越好。更长的上下文会有帮助，直到更长的序列太少见、没在训练中出现过为止。</translation>
    </message>
    <message>
        <source>order {order}: {count:,} n-grams</source>
        <translation>{order} 阶：{count:,} 个 n 元组</translation>
    </message>
    <message>
        <source>, perplexity {ppl:.2f}</source>
        <translation>，困惑度 {ppl:.2f}</translation>
    </message>
    <message>
        <source>order</source>
        <translation>阶数</translation>
    </message>
    <message>
        <source>n-grams</source>
        <translation>n 元组</translation>
    </message>
    <message>
        <source>perplexity</source>
        <translation>困惑度</translation>
    </message>
</context>
<context>
    <name>OverfitNote</name>
    <message>
        <source>What helps:</source>
        <translation>可以这样改善：</translation>
    </message>
    <message>
        <source>Show this setting, to change it before the next run.</source>
        <translation>显示这项设置，以便在下一次训练前修改。</translation>
    </message>
    <message>
        <source>Go to the text, to train on more of it.</source>
        <translation>前往文本页，用更多文本来训练。</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>偏好设置</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Pick the folder where new runs are saved.</source>
        <translation>选择用来保存新训练记录的文件夹。</translation>
    </message>
    <message>
        <source>Save runs in:</source>
        <translation>训练记录保存位置：</translation>
    </message>
    <message>
        <source>The language of the window&apos;s menus, buttons and help.</source>
        <translation>窗口中菜单、按钮和帮助所用的语言。</translation>
    </message>
    <message>
        <source>Same as the computer</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>语言：</translation>
    </message>
    <message>
        <source>The new language is used from the next time you start the app.</source>
        <translation>新的语言会在下次启动本软件时生效。</translation>
    </message>
    <message>
        <source>Where new runs are saved.</source>
        <translation>新的训练记录保存在哪里。</translation>
    </message>
    <message>
        <source>Save runs in</source>
        <translation>训练记录保存位置</translation>
    </message>
</context>
<context>
    <name>ProbabilityBars</name>
    <message>
        <source>The tokens the model thinks could come next, most likely first. Click one, or use the arrow keys and Enter, to write it.</source>
        <translation>模型认为接下来可能出现的词元，最有可能的排在最前面。点击其中一个，或者用方向键选中后按 Enter，就能把它写进文本。</translation>
    </message>
    <message>
        <source>&lt; 0.1 %</source>
        <translation>&lt; 0.1 %</translation>
    </message>
    <message>
        <source>{value} %</source>
        <translation>{value} %</translation>
    </message>
    <message>
        <source>No prediction yet.</source>
        <translation>还没有预测。</translation>
    </message>
    <message>
        <source>“{token}”: {percent} for the model, but cut: it cannot be drawn (id {id})</source>
        <translation>“{token}”：模型给出 {percent}，但已被截断，不会被抽到（id {id}）</translation>
    </message>
    <message>
        <source>“{token}”: {percent} (id {id})</source>
        <translation>“{token}”：{percent}（编号 {id}）</translation>
    </message>
</context>
<context>
    <name>RecoveryBanner</name>
    <message>
        <source>Resume</source>
        <translation>继续训练</translation>
    </message>
    <message>
        <source>Go to the Train page and continue this run from its last checkpoint.</source>
        <translation>转到“训练”页，从上一个检查点继续这次训练。</translation>
    </message>
    <message>
        <source>Not now</source>
        <translation>以后再说</translation>
    </message>
    <message>
        <source>Hide this message. The run stays on disk; it is offered again next time.</source>
        <translation>隐藏这条消息。训练记录仍保存在磁盘上，下次启动时会再次提醒。</translation>
    </message>
    <message>
        <source>Training of “{name}” stopped unexpectedly at step {last}. Resume it from its last checkpoint (step {step})?</source>
        <translation>“{name}”的训练在第 {last} 步意外中断。要从上一个检查点（第 {step} 步）继续吗？</translation>
    </message>
    <message>
        <source>{count} runs were interrupted; this is the most recent.</source>
        <translation>共有 {count} 次训练被中断，这是最近的一次。</translation>
    </message>
</context>
<context>
    <name>ReuseTokenizerButton</name>
    <message>
        <source>Use the tokenizer of a run…</source>
        <translation>使用某个训练记录的分词器…</translation>
    </message>
    <message>
        <source>Take the tokenizer a run was trained with instead of building one: the next model reads the very same tokens, so the two can be mixed and compared.</source>
        <translation>不新建分词器，而是沿用某个训练记录训练时的分词器：下一个模型读到完全相同的词元，因此两者可以混合和比较。</translation>
    </message>
    <message>
        <source>Another run folder…</source>
        <translation>其他训练记录文件夹…</translation>
    </message>
    <message>
        <source>Choose a run folder</source>
        <translation>选择一个训练记录文件夹</translation>
    </message>
    <message>
        <source>Choose a text on the Corpus page first.</source>
        <translation>请先在“语料”页面选择一份文本。</translation>
    </message>
    <message>
        <source>Reading the tokenizer of {name}…</source>
        <translation>正在读取 {name} 的分词器…</translation>
    </message>
</context>
<context>
    <name>RunsPage</name>
    <message>
        <source>Run</source>
        <translation>训练记录</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Tokenizer</source>
        <translation>分词器</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>Valid. loss</source>
        <translation>验证损失</translation>
    </message>
    <message>
        <source>Validation loss</source>
        <translation>验证损失</translation>
    </message>
    <message>
        <source>Valid. perplexity</source>
        <translation>验证困惑度</translation>
    </message>
    <message>
        <source>Validation perplexity</source>
        <translation>验证困惑度</translation>
    </message>
    <message>
        <source>Test perplexity</source>
        <translation>测试困惑度</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>训练记录</translation>
    </message>
    <message>
        <source>Every model trained in this session, and every run folder you open. Select several to compare their loss curves.</source>
        <translation>这里列出这次打开软件后训练过的每个模型，以及你打开过的每个训练记录文件夹。选中几条，就能比较它们的损失曲线。</translation>
    </message>
    <message>
        <source>Open run…</source>
        <translation>打开训练记录…</translation>
    </message>
    <message>
        <source>Open a run folder saved earlier.</source>
        <translation>打开以前保存的训练记录文件夹。</translation>
    </message>
    <message>
        <source>Use for generation</source>
        <translation>用来生成</translation>
    </message>
    <message>
        <source>Write text with the selected run.</source>
        <translation>用选中的训练记录来写文本。</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Copy the selected run folder elsewhere.</source>
        <translation>把选中的训练记录文件夹复制到别处。</translation>
    </message>
    <message>
        <source>Remove from list</source>
        <translation>从列表中移除</translation>
    </message>
    <message>
        <source>Take the run off this list; its folder stays on disk.</source>
        <translation>把这条训练记录从列表里拿掉；它的文件夹仍然留在磁盘上。</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <source>Delete the selected run folder from disk.</source>
        <translation>从磁盘上删除选中的训练记录文件夹。</translation>
    </message>
    <message>
        <source>Vary a setting…</source>
        <translation>改变一个设置…</translation>
    </message>
    <message>
        <source>Train one run per value of one setting and compare them on validation.</source>
        <translation>为一个设置的每个取值各训练一个模型，并在验证文本上比较它们。</translation>
    </message>
    <message>
        <source>Click a column title to sort by it; right-click it to choose the columns shown.</source>
        <translation>点击列标题可按该列排序；右键点击列标题可选择显示哪些列。</translation>
    </message>
    <message>
        <source>Training time</source>
        <translation>训练时间</translation>
    </message>
    <message>
        <source>By step, a run that takes ten times longer per step looks just as fast. By training time (pauses left out), runs trained for the same minutes can be compared fairly, whatever their kind.</source>
        <translation>按步数比较时，每步慢十倍的运行看起来也一样快。按训练时间（不计暂停）比较，训练了相同分钟数的运行无论属于哪种模型，都能公平比较。</translation>
    </message>
    <message>
        <source>Compare curves by</source>
        <translation>曲线横轴</translation>
    </message>
    <message>
        <source>No runs yet.</source>
        <translation>还没有训练记录。</translation>
    </message>
    <message>
        <source>{name} (no times recorded)</source>
        <translation>{name}（未记录时间）</translation>
    </message>
    <message>
        <source>No training times recorded for {names}: shown by steps only.</source>
        <translation>{names} 没有记录训练时间：只能按步数显示。</translation>
    </message>
    <message>
        <source>Open run folder</source>
        <translation>打开训练记录文件夹</translation>
    </message>
    <message>
        <source>Opened the run {name}.</source>
        <translation>已打开训练记录 {name}。</translation>
    </message>
    <message>
        <source>Copied the run to {target}.</source>
        <translation>已把训练记录复制到 {target}。</translation>
    </message>
    <message>
        <source>Export run into folder</source>
        <translation>把训练记录导出到文件夹</translation>
    </message>
    <message>
        <source>“{name}” is being trained by this or another window or program. Stop its training before deleting it.</source>
        <translation>“{name}”正在由这个或另一个窗口（或程序）训练。请先停止训练，再删除它。</translation>
    </message>
    <message>
        <source>Delete runs</source>
        <translation>删除训练记录</translation>
    </message>
    <message>
        <source>Delete {count} run folder(s) from the disk? This cannot be undone.</source>
        <translation>要从磁盘上删除 {count} 个训练记录文件夹吗？删除后无法恢复。</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>“{a}” and “{b}” have the same settings.</source>
        <translation>“{a}”和“{b}”的设置完全相同。</translation>
    </message>
    <message>
        <source>From “{a}” to “{b}”: {changes}</source>
        <translation>从“{a}”到“{b}”：{changes}</translation>
    </message>
</context>
<context>
    <name>SampleReplay</name>
    <message>
        <source>Samples over time</source>
        <translation>历次样本</translation>
    </message>
    <message>
        <source>Drag back to read what the model wrote at each earlier check.</source>
        <translation>向回拖动，查看模型在之前每次检查时写出的文本。</translation>
    </message>
    <message>
        <source>step {step:,}</source>
        <translation>第 {step:,} 步</translation>
    </message>
</context>
<context>
    <name>SaveLessonDialog</name>
    <message>
        <source>Save as lesson</source>
        <translation>另存为课程</translation>
    </message>
    <message>
        <source>A lesson opens on every student&apos;s computer with this text, these settings and your instructions.</source>
        <translation>课程会在每位学生的电脑上打开，带着这份文本、这些设置和你写的说明。</translation>
    </message>
    <message>
        <source>For example: Inventing names</source>
        <translation>例如：创造新名字</translation>
    </message>
    <message>
        <source>Shown in bold above the pages when a student opens the lesson.</source>
        <translation>学生打开课程时，它会以粗体显示在页面上方。</translation>
    </message>
    <message>
        <source>Title:</source>
        <translation>标题：</translation>
    </message>
    <message>
        <source>What should the class do? For example: Train the model for one minute, then generate ten names and pick the most convincing one.</source>
        <translation>全班要做什么？例如：先把模型训练一分钟，再生成十个名字，挑出最像真名字的一个。</translation>
    </message>
    <message>
        <source>Plain text, shown above the pages. At most {count} characters.</source>
        <translation>纯文本，显示在页面上方。最多 {count} 个字符。</translation>
    </message>
    <message>
        <source>Instructions:</source>
        <translation>说明：</translation>
    </message>
    <message>
        <source>The step the lesson opens on.</source>
        <translation>打开课程时首先显示的步骤。</translation>
    </message>
    <message>
        <source>Open on:</source>
        <translation>起始步骤：</translation>
    </message>
    <message>
        <source>Text:</source>
        <translation>文本：</translation>
    </message>
    <message>
        <source>Tick the settings the class may not change (Lock: shown but fixed) or should not see at all (Hide).</source>
        <translation>勾选不允许学生更改的设置（锁定：能看到，但不能改），或者完全不让学生看到的设置（隐藏）。</translation>
    </message>
    <message>
        <source>Setting</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Lock</source>
        <translation>锁定</translation>
    </message>
    <message>
        <source>Hide</source>
        <translation>隐藏</translation>
    </message>
    <message>
        <source>Value now</source>
        <translation>当前值</translation>
    </message>
    <message>
        <source>Model family</source>
        <translation>模型类型</translation>
    </message>
    <message>
        <source>Save lesson…</source>
        <translation>保存课程…</translation>
    </message>
    <message>
        <source>Choose where to save the lesson file.</source>
        <translation>选择课程文件的保存位置。</translation>
    </message>
    <message>
        <source>the sample {name}</source>
        <translation>示例语料“{name}”</translation>
    </message>
    <message>
        <source>{name} ({size:,.0f} kB), carried inside the lesson</source>
        <translation>{name}（{size:,.0f} kB），直接存放在课程文件里</translation>
    </message>
    <message>
        <source>the loaded text</source>
        <translation>已载入的文本</translation>
    </message>
    <message>
        <source>automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>The instructions have {count} characters; a lesson can hold {limit}. Shorten them.</source>
        <translation>说明有 {count} 个字符，而一个课程最多只能容纳 {limit} 个。请把它缩短一些。</translation>
    </message>
</context>
<context>
    <name>ScoreTextPane</name>
    <message>
        <source>Paste or type any text here, for example a line of a poem.</source>
        <translation>在这里粘贴或输入任何文本，比如一句诗。</translation>
    </message>
    <message>
        <source>Any text: the model reads it token by token and says how surprised it is.</source>
        <translation>任何文本：模型逐个词元地读，并说出它有多意外。</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>打分</translation>
    </message>
    <message>
        <source>Colour each token by how much it surprises the model chosen above.</source>
        <translation>按上面所选模型的意外程度给每个词元上色。</translation>
    </message>
    <message>
        <source>Score the text with every open run and rank them by bits per character: the model whose training text is most like it comes first.</source>
        <translation>用每条打开的训练记录给文本打分，并按每字符比特数排名：训练文本和它最像的模型排第一。</translation>
    </message>
    <message>
        <source>Which model expects this text most?</source>
        <translation>哪个模型最能预料这段文本？</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop scoring now.</source>
        <translation>立即停止打分。</translation>
    </message>
    <message>
        <source>Train a model or open a run first.</source>
        <translation>请先训练一个模型，或打开一条训练记录。</translation>
    </message>
    <message>
        <source>Type or paste a text to score first.</source>
        <translation>请先输入或粘贴要打分的文本。</translation>
    </message>
    <message>
        <source>{name}: loss {loss} nats per token, perplexity {perplexity}, {bpc} bits per character, over {tokens} tokens.</source>
        <translation>{name}：损失每词元 {loss} 奈特，困惑度 {perplexity}，每字符 {bpc} 比特，共 {tokens} 个词元。</translation>
    </message>
    <message>
        <source>The model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>{share} % of the tokens were unknown to it (&lt;unk&gt;).</source>
        <translation>其中 {share}% 的词元它不认识（&lt;unk&gt;）。</translation>
    </message>
    <message>
        <source>{name} expects this text most: {bpc} bits per character.</source>
        <translation>{name} 最能预料这段文本：每字符 {bpc} 比特。</translation>
    </message>
    <message>
        <source>Open two runs or more (say, one trained on poems and one on plays).</source>
        <translation>请打开两条或更多训练记录（比如一个用诗训练，一个用剧本训练）。</translation>
    </message>
</context>
<context>
    <name>ScoredText</name>
    <message>
        <source>Green tokens were expected by the model, red ones surprised it. Point at a token to see its probability and rank.</source>
        <translation>绿色的词元是模型预料到的，红色的让它意外。把鼠标指向一个词元，可看到它的概率和排名。</translation>
    </message>
    <message>
        <source>p = {percent} %, surprisal {bits} bits, rank {rank} among its guesses</source>
        <translation>p = {percent} %，意外度 {bits} 比特，在它的猜测中排第 {rank}</translation>
    </message>
</context>
<context>
    <name>SpecForm</name>
    <message>
        <source>{label} ({unit})</source>
        <translation>{label}（{unit}）</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>Choices: {choices}.</source>
        <translation>可选：{choices}。</translation>
    </message>
    <message>
        <source>Allowed: from {low} to {high}</source>
        <translation>允许范围：{low} 到 {high}</translation>
    </message>
    <message>
        <source>Allowed: {low} or more</source>
        <translation>允许范围：{low} 或以上</translation>
    </message>
    <message>
        <source>Allowed: up to {high}</source>
        <translation>允许范围：最多 {high}</translation>
    </message>
    <message>
        <source>, or {special} for automatic</source>
        <translation>，填 {special} 表示自动</translation>
    </message>
    <message>
        <source>{allowed}.</source>
        <translation>{allowed}。</translation>
    </message>
    <message>
        <source>automatic</source>
        <translation>自动</translation>
    </message>
</context>
<context>
    <name>SplitChoice</name>
    <message>
        <source>Training, validation and test parts</source>
        <translation>训练、验证和测试三部分</translation>
    </message>
    <message>
        <source>Training %</source>
        <translation>训练 %</translation>
    </message>
    <message>
        <source>The part the model learns from.</source>
        <translation>模型用来学习的部分。</translation>
    </message>
    <message>
        <source>Validation %</source>
        <translation>验证 %</translation>
    </message>
    <message>
        <source>Held back to check, during training, how well the model does on text it has not seen.</source>
        <translation>先留出来不给模型学，训练过程中用它来检查模型在没见过的文本上表现如何。</translation>
    </message>
    <message>
        <source>Test %</source>
        <translation>测试 %</translation>
    </message>
    <message>
        <source>Held back until the end, for a final, honest score.</source>
        <translation>一直留到最后，用来给模型打一个最终的、公正的分数。</translation>
    </message>
    <message>
        <source>{label}:</source>
        <translation>{label}：</translation>
    </message>
    <message>
        <source>End of the text held out</source>
        <translation>留出文本末尾</translation>
    </message>
    <message>
        <source>Random lines held out</source>
        <translation>随机留出若干行</translation>
    </message>
    <message>
        <source>Holding out the end of the text is how language models are usually tested; random lines suit lists such as names or poems.</source>
        <translation>测试语言模型时，通常留出文本的末尾部分；随机留出若干行，则适合名字、诗歌这类一行一条的列表。</translation>
    </message>
</context>
<context>
    <name>SurprisalLegend</name>
    <message>
        <source>Surprisal measures how unexpected a token was, in bits: each extra bit means the model thought it half as likely. 1 bit is a coin toss; 10 bits is about one chance in a thousand.</source>
        <translation>意外度用比特来衡量一个词元有多出乎意料：每多 1 比特，就表示模型认为它出现的可能性又少了一半。1 比特相当于抛一次硬币；10 比特大约是千分之一的机会。</translation>
    </message>
    <message>
        <source>green: the model expected this; red: it surprised the model</source>
        <translation>绿色：模型预料到了；红色：出乎模型的意料</translation>
    </message>
    <message>
        <source>{bits} bits</source>
        <translation>{bits} 比特</translation>
    </message>
</context>
<context>
    <name>SurprisalText</name>
    <message>
        <source>Green tokens were expected by the model, red ones surprised it.</source>
        <translation>绿色的词元在模型的意料之中，红色的词元则让模型感到意外。</translation>
    </message>
    <message>
        <source>p = {percent} %, surprisal {bits} bits</source>
        <translation>p = {percent} %，意外度 {bits} 比特</translation>
    </message>
</context>
<context>
    <name>TokenPlayground</name>
    <message>
        <source>Type or paste some text here…</source>
        <extracomment>Texts longer than this are cut before encoding, so a pasted book stays responsive.</extracomment>
        <translation>在这里输入或粘贴一些文字…</translation>
    </message>
    <message>
        <source>Type anything: the tokens below change as you type.</source>
        <translation>随便输入点什么：下面的词元会随着你的输入而变化。</translation>
    </message>
    <message>
        <source>Show ids</source>
        <translation>显示编号</translation>
    </message>
    <message>
        <source>Write each token as its id: the numbers the model actually reads.</source>
        <translation>把每个词元写成它的编号：模型真正读到的是这些数字。</translation>
    </message>
    <message>
        <source>Your text</source>
        <translation>你的文本</translation>
    </message>
    <message>
        <source>As the model sees it, one colour per token</source>
        <translation>模型看到的样子：每个词元一种颜色</translation>
    </message>
    <message>
        <source>Build a tokenizer to see how this text is cut into tokens.</source>
        <translation>先构建分词器，才能看到这段文本被切成了哪些词元。</translation>
    </message>
    <message>
        <source>This text could not be encoded: {reason}</source>
        <translation>无法把这段文本转换成词元：{reason}</translation>
    </message>
    <message>
        <source>&lt;unk&gt; stands for {share} of the text ({count} tokens): the model never sees it (struck through).</source>
        <translation>&lt;unk&gt; 代替了文本的 {share}（{count} 个词元）：模型看不到这些内容（以删除线标出）。</translation>
    </message>
    <message>
        <source>Only the first {count} characters are shown.</source>
        <translation>只显示前 {count} 个字符。</translation>
    </message>
    <message>
        <source>1 character</source>
        <translation>1 个字符</translation>
    </message>
    <message>
        <source>{count} characters</source>
        <translation>{count} 个字符</translation>
    </message>
    <message>
        <source>1 token</source>
        <translation>1 个词元</translation>
    </message>
    <message>
        <source>{count} tokens</source>
        <translation>{count} 个词元</translation>
    </message>
    <message>
        <source>{ratio} characters per token</source>
        <translation>平均每个词元 {ratio} 个字符</translation>
    </message>
</context>
<context>
    <name>TokenView</name>
    <message>
        <source>Each coloured patch is one token. Hover a token to see its id.</source>
        <translation>每一块颜色就是一个词元。把鼠标停在词元上，可以看到它的编号。</translation>
    </message>
    <message>
        <source>id {id} · &quot;{token}&quot;</source>
        <translation>编号 {id} · “{token}”</translation>
    </message>
    <message>
        <source>{count} tokens for “{text}”:</source>
        <translation>“{text}”对应 {count} 个词元：</translation>
    </message>
    <message>
        <source>… {count} more</source>
        <translation>……还有 {count} 个</translation>
    </message>
</context>
<context>
    <name>TokenizerPage</name>
    <message>
        <source>Tokenizer</source>
        <translation>分词器</translation>
    </message>
    <message>
        <source>A model does not read letters or words directly: it reads tokens, numbered pieces of text. Choose how the text is cut into tokens and see the result.</source>
        <translation>模型并不直接读字母或词语，它读的是词元：一个个带编号的文本小片段。选择把文本切分成词元的方式，看看结果如何。</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Show advanced settings</source>
        <translation>显示高级设置</translation>
    </message>
    <message>
        <source>Show the settings most people never need to change.</source>
        <translation>显示大多数人都用不着改动的设置。</translation>
    </message>
    <message>
        <source>Build tokenizer</source>
        <translation>构建分词器</translation>
    </message>
    <message>
        <source>Learn the vocabulary from the training text and cut every part into tokens.</source>
        <translation>从训练文本中学出词表，再把每一部分文本都切分成词元。</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop building the tokenizer.</source>
        <translation>停止构建分词器。</translation>
    </message>
    <message>
        <source>Try it: type and see the tokens</source>
        <translation>试一试：输入文字，看看词元</translation>
    </message>
    <message>
        <source>Choose a text on the Corpus page first.</source>
        <translation>请先在“语料”页面选择一份文本。</translation>
    </message>
    <message>
        <source>Build a tokenizer first.</source>
        <translation>请先构建分词器。</translation>
    </message>
    <message>
        <source>Building the tokenizer…</source>
        <translation>正在构建分词器…</translation>
    </message>
    <message>
        <source>Building the tokenizer was cancelled.</source>
        <translation>已取消构建分词器。</translation>
    </message>
    <message>
        <source>The parts of the text changed during the build, so the tokenizer is built again on the new parts.</source>
        <translation>构建期间文本的划分发生了变化，因此分词器会按新的划分重新构建。</translation>
    </message>
    <message>
        <source>The text changed while the tokenizer was being built, so that tokenizer was set aside. Build one for this text.</source>
        <translation>构建分词器期间，文本已更换，因此那个分词器已被舍弃。请为当前文本构建分词器。</translation>
    </message>
    <message>
        <source>Tokenizer ready: {count:,} tokens in its vocabulary.</source>
        <translation>分词器已就绪：词表中有 {count:,} 个词元。</translation>
    </message>
</context>
<context>
    <name>TokenizerStatsBox</name>
    <message>
        <source>Statistics</source>
        <translation>统计</translation>
    </message>
    <message>
        <source>Vocabulary</source>
        <translation>词表大小</translation>
    </message>
    <message>
        <source>How many different tokens there are.</source>
        <translation>一共有多少种不同的词元。</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>词元数</translation>
    </message>
    <message>
        <source>How many tokens each part of the text becomes.</source>
        <translation>文本的每一部分各被切成了多少个词元。</translation>
    </message>
    <message>
        <source>Characters per token</source>
        <translation>每个词元的字符数</translation>
    </message>
    <message>
        <source>How much text one token holds on average: more means shorter sequences.</source>
        <translation>平均每个词元包含多少文本：越多，序列就越短。</translation>
    </message>
    <message>
        <source>Unknown tokens</source>
        <translation>未知词元</translation>
    </message>
    <message>
        <source>The share of validation tokens that are &lt;unk&gt;: text the vocabulary cannot represent, which the model can never predict.</source>
        <translation>验证部分的词元中 &lt;unk&gt; 所占的比例：这些是词表无法表示的文本，模型永远也预测不出来。</translation>
    </message>
    <message>
        <source>Gives the text back</source>
        <translation>能否还原文本</translation>
    </message>
    <message>
        <source>Whether turning the tokens back into text gives exactly the original.</source>
        <translation>把词元重新变回文本时，能不能得到和原文一模一样的内容。</translation>
    </message>
    <message>
        <source>The most frequent tokens in the training text.</source>
        <translation>训练文本中出现次数最多的词元。</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>词元</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>次数</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>占比</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>&lt;/w&gt; marks the end of a word.</source>
        <translation>&lt;/w&gt; 表示一个词的结尾。</translation>
    </message>
    <message>
        <source>yes, exactly</source>
        <translation>能，完全一致</translation>
    </message>
    <message>
        <source>{share:.0%} of lines exactly (spacing or unknown tokens change)</source>
        <translation>{share:.0%} 的行完全一致（其余行的空格或未知词元有变化）</translation>
    </message>
</context>
<context>
    <name>TrainDisplay</name>
    <message>
        <source>How many updates the model has had.</source>
        <translation>模型已经更新了多少次。</translation>
    </message>
    <message>
        <source>How many times the model has read the whole training text.</source>
        <translation>模型已经把整份训练文本读了多少遍。</translation>
    </message>
    <message>
        <source>How surprised the model is by the next token, on average: lower is better.</source>
        <translation>模型平均对下一个词元有多意外：越低越好。</translation>
    </message>
    <message>
        <source>How many tokens the model reads per second.</source>
        <translation>模型每秒读多少个词元。</translation>
    </message>
    <message>
        <source>About how long until training ends.</source>
        <translation>大约还要多久训练才结束。</translation>
    </message>
    <message>
        <source>What the model writes now</source>
        <translation>模型现在写出的文本</translation>
    </message>
    <message>
        <source>A short text the model wrote at the last check. Watch it improve.</source>
        <translation>模型在最近一次检查时写的一小段文本。看看它怎样越写越好。</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>日志</translation>
    </message>
    <message>
        <source>What happened during training, step by step.</source>
        <translation>训练过程中一步步发生了什么。</translation>
    </message>
    <message>
        <source>1 layer</source>
        <translation>1 层</translation>
    </message>
    <message>
        <source>{count} layers</source>
        <translation>{count} 层</translation>
    </message>
    <message>
        <source>Training a GPT ({width} wide, {heads} heads, {layers}) into {folder}</source>
        <translation>正在训练 GPT（宽 {width}，{heads} 个头，{layers}），保存到 {folder}</translation>
    </message>
    <message>
        <source>Training an {family} ({hidden} hidden units, {layers}) into {folder}</source>
        <translation>正在训练 {family}（{hidden} 个隐藏单元，{layers}），保存到 {folder}</translation>
    </message>
    <message>
        <source>Training a {family} ({hidden} hidden units, {layers}) into {folder}</source>
        <translation>正在训练 {family}（{hidden} 个隐藏单元，{layers}），保存到 {folder}</translation>
    </message>
    <message>
        <source>Continuing from step {step}.</source>
        <translation>从第 {step} 步继续。</translation>
    </message>
    <message>
        <source>step {step:,}</source>
        <translation>步数 {step:,}</translation>
    </message>
    <message>
        <source>epoch {epoch:.2f}</source>
        <translation>轮数 {epoch:.2f}</translation>
    </message>
    <message>
        <source>loss {loss:.3f}</source>
        <translation>损失 {loss:.3f}</translation>
    </message>
    <message>
        <source>{speed:,.0f} tokens/s</source>
        <translation>每秒 {speed:,.0f} 个词元</translation>
    </message>
    <message>
        <source>Validation: loss {loss:.3f} nats per token · perplexity {ppl:.2f} · {bpc:.3f} bits per character</source>
        <translation>验证：损失为每个词元 {loss:.3f} 奈特 · 困惑度 {ppl:.2f} · 每字符比特数 {bpc:.3f}</translation>
    </message>
    <message>
        <source>Step {step}: validation loss {loss:.3f} (perplexity {ppl:.1f}){best}</source>
        <translation>第 {step} 步：验证损失 {loss:.3f}（困惑度 {ppl:.1f}）{best}</translation>
    </message>
    <message>
        <source>, the best so far</source>
        <translation>，是目前最好的</translation>
    </message>
    <message>
        <source>about {time} left</source>
        <translation>还剩约 {time}</translation>
    </message>
    <message>
        <source>Counted {tokens:,} tokens in under 0.1 s.</source>
        <translation>用不到 0.1 秒统计了 {tokens:,} 个词元。</translation>
    </message>
    <message>
        <source>Counted {tokens:,} tokens in {seconds:.1f} s.</source>
        <translation>用 {seconds:.1f} 秒统计了 {tokens:,} 个词元。</translation>
    </message>
    <message>
        <source>{part} perplexity: {ppl:.2f}</source>
        <translation>{part}困惑度：{ppl:.2f}</translation>
    </message>
    <message>
        <source>Validation</source>
        <translation>验证</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>测试</translation>
    </message>
</context>
<context>
    <name>TrainPage</name>
    <message>
        <source>Train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Training shows the model the text again and again; each step nudges it to predict the next token a little better. Watch the loss fall: lower is better.</source>
        <translation>训练就是把文本一遍又一遍地拿给模型看；每一步都会推它一把，让它把下一个词元预测得更准一点。看着损失往下降吧：越低越好。</translation>
    </message>
    <message>
        <source>Stopped before training began.</source>
        <translation>训练开始之前就已停止。</translation>
    </message>
    <message>
        <source>Counting was stopped.</source>
        <translation>已停止统计。</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Start training a new model.</source>
        <translation>开始训练一个新模型。</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Pause training; nothing is lost and you can resume.</source>
        <translation>暂停训练；什么都不会丢失，之后可以继续。</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Go on training after a pause, or continue the chosen run where it stopped.</source>
        <translation>暂停之后接着训练，或让所选的运行从停下的地方继续训练。</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop training now. The model keeps what it has learned.</source>
        <translation>立即停止训练。模型会保留已经学到的东西。</translation>
    </message>
    <message>
        <source>Build a tokenizer first.</source>
        <translation>请先构建分词器。</translation>
    </message>
    <message>
        <source>Nothing trained yet.</source>
        <translation>还没有训练任何模型。</translation>
    </message>
    <message>
        <source>Choose a text on the Corpus page first.</source>
        <translation>请先在“语料”页面选择一份文本。</translation>
    </message>
    <message>
        <source>Build a tokenizer on the Tokenizer page first.</source>
        <translation>请先在“分词器”页面构建分词器。</translation>
    </message>
    <message>
        <source>Counting {order}-grams with {smoothing} smoothing…</source>
        <translation>正在统计 {order} 元语法，使用 {smoothing} 平滑…</translation>
    </message>
    <message>
        <source>Training is running. Stop it before resuming another run.</source>
        <translation>正在训练。请先停止它，再继续另一次训练。</translation>
    </message>
    <message>
        <source>Resuming the run in {folder}…</source>
        <translation>正在继续 {folder} 中的训练…</translation>
    </message>
    <message>
        <source>Paused.</source>
        <translation>已暂停。</translation>
    </message>
    <message>
        <source>Resumed.</source>
        <translation>已继续训练。</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <source>Saved a checkpoint at step {step}.</source>
        <translation>已在第 {step} 步保存检查点。</translation>
    </message>
    <message>
        <source>Training failed: {message}</source>
        <translation>训练失败：{message}</translation>
    </message>
    <message>
        <source>Finished: {reason}.</source>
        <translation>训练结束：{reason}。</translation>
    </message>
</context>
<context>
    <name>TrainingLength</name>
    <message>
        <source>Change how long training lasts on the Model page (Steps, Epochs, Time limit).</source>
        <translation>在“模型”页修改训练时长（步数、轮数、时间上限）。</translation>
    </message>
    <message>
        <source>An n-gram model is counted in one pass over the text.</source>
        <translation>n 元模型只需把文本过一遍来统计。</translation>
    </message>
    <message>
        <source>{count} steps</source>
        <translation>{count} 步</translation>
    </message>
    <message>
        <source>1 epoch</source>
        <translation>1 轮</translation>
    </message>
    <message>
        <source>{count} epochs</source>
        <translation>{count} 轮</translation>
    </message>
    <message>
        <source>Trains until you press Stop: no length is set on the Model page.</source>
        <translation>训练到你按“停止”为止：“模型”页没有设定训练时长。</translation>
    </message>
    <message>
        <source>Trains for {limit} (set on the Model page).</source>
        <translation>训练 {limit}（在“模型”页设定）。</translation>
    </message>
    <message>
        <source>Trains for {limits}, whichever comes first (set on the Model page).</source>
        <translation>训练 {limits}，以先到者为准（在“模型”页设定）。</translation>
    </message>
    <message>
        <source> or </source>
        <translation> 或 </translation>
    </message>
    <message>
        <source>It stops sooner if the validation loss has not improved for {count} evaluations.</source>
        <translation>如果验证损失连续 {count} 次评估没有改善，会提前停止。</translation>
    </message>
</context>
<context>
    <name>UCurvePlot</name>
    <message>
        <source>validation loss</source>
        <translation>验证损失</translation>
    </message>
</context>
<context>
    <name>Workers</name>
    <message>
        <source>This computer ran out of memory. Use a smaller text or model.</source>
        <translation>这台电脑的内存不够用了。请换一份小一点的文本，或者用小一点的模型。</translation>
    </message>
    <message>
        <source>Something went wrong inside the app ({error}: {detail}).</source>
        <translation>软件内部出了问题（{error}：{detail}）。</translation>
    </message>
    <message>
        <source>Details were written to {log}.</source>
        <translation>详细信息已写入 {log}。</translation>
    </message>
</context>
<context>
    <name>ZipfPlot</name>
    <message>
        <source>Each point is a token: how often it occurs against its rank (1 = most common). Both axes grow by powers of ten.</source>
        <translation>每个点代表一个词元：横轴是它的排名（1 = 最常见），纵轴是它出现的次数。两条轴都按 10 的幂增长。</translation>
    </message>
    <message>
        <source>your text</source>
        <translation>你的文本</translation>
    </message>
    <message>
        <source>Zipf&apos;s law (slope −1)</source>
        <translation>Zipf 定律（斜率 −1）</translation>
    </message>
    <message>
        <source>Zipf&apos;s law: in most texts the 2nd most common token appears about half as often as the 1st, the 3rd about a third as often, and so on. On these axes that is the dashed straight line.</source>
        <translation>Zipf 定律：在大多数文本里，排第 2 的词元出现的次数大约是第 1 名的一半，排第 3 的大约是第 1 名的三分之一，依此类推。在这样的坐标轴上，这个规律就是图中那条笔直的虚线。</translation>
    </message>
    <message>
        <source>rank</source>
        <translation>排名</translation>
    </message>
    <message>
        <source>count</source>
        <translation>次数</translation>
    </message>
</context>
<context>
    <name>core</name>
    <message>
        <source>--lesson starts a new run; to continue a run, use --resume alone.</source>
        <translation>--lesson 会开始一次新的训练；要继续已有的训练记录，请只使用 --resume。</translation>
    </message>
    <message>
        <source>305 poems of the Book of Songs, simplified characters, one poem a line.</source>
        <translation>《诗经》305 首，简体字，每行一首。</translation>
    </message>
    <message>
        <source>32,033 first names, one a line. A model learns to invent new, plausible names.</source>
        <translation>32,033 个英文名字，每行一个。模型会学着编出新的、像模像样的名字。</translation>
    </message>
    <message>
        <source>40,000 lines from Shakespeare&apos;s plays (1.1 MB). The classic for character models.</source>
        <translation>莎士比亚戏剧中的 40,000 行（1.1 MB）。字符级模型的经典语料。</translation>
    </message>
    <message>
        <source>5,000 Tang poems</source>
        <translation>唐诗 5000 首</translation>
    </message>
    <message>
        <source>5,003 Tang poems, traditional characters, one poem a line (0.9 MB).</source>
        <translation>唐诗 5,003 首，繁体字，每行一首（0.9 MB）。</translation>
    </message>
    <message>
        <source>A few minutes: the default, a good model for a lesson.</source>
        <translation>几分钟：默认选项，适合一节课用的好模型。</translation>
    </message>
    <message>
        <source>A line break comes next</source>
        <translation>下一个是换行</translation>
    </message>
    <message>
        <source>A mix needs two or more runs.</source>
        <translation>混合至少需要两个训练记录。</translation>
    </message>
    <message>
        <source>A smaller model</source>
        <translation>更小的模型</translation>
    </message>
    <message>
        <source>A token must occur at least this often in the training text to be kept; rarer ones become &lt;unk&gt; (or are spelled in smaller pieces).</source>
        <translation>一个词元在训练文本中至少要出现这么多次才会被保留；更少见的会变成 &lt;unk&gt;（或被拆成更小的片段）。</translation>
    </message>
    <message>
        <source>A vowel comes next</source>
        <translation>下一个是元音</translation>
    </message>
    <message>
        <source>Attention heads</source>
        <translation>注意力头数</translation>
    </message>
    <message>
        <source>BERT&apos;s sub-word method: pieces that continue a word start with ##.</source>
        <translation>BERT 使用的子词方法：接在词中间的片段以 ## 开头。</translation>
    </message>
    <message>
        <source>BPE (sub-words)</source>
        <translation>BPE（子词）</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>Batching</source>
        <translation>取批方式</translation>
    </message>
    <message>
        <source>Beginning token</source>
        <translation>开始词元</translation>
    </message>
    <message>
        <source>Below 1 the model plays safe and repeats its favourite choices; above 1 it takes risks and surprises. 0 always takes the most likely token.</source>
        <translation>小于 1 时，模型求稳，反复选它最喜欢的；大于 1 时，模型敢冒险，更出人意料。为 0 时总是选最可能的词元。</translation>
    </message>
    <message>
        <source>Bias</source>
        <translation>偏置</translation>
    </message>
    <message>
        <source>Byte-level BPE</source>
        <translation>字节级 BPE</translation>
    </message>
    <message>
        <source>Byte-pair encoding over bytes, as GPT-2 does: any text at all can be encoded, with no unknown tokens.</source>
        <translation>在字节上做字节对编码，和 GPT-2 一样：任何文本都能编码，不会出现未知词元。</translation>
    </message>
    <message>
        <source>Byte-pair encoding: starts from characters and repeatedly merges the most frequent pair, so common words are one token and rare words are spelled in pieces.</source>
        <translation>字节对编码：从单个字符出发，反复把最常见的相邻一对合并，于是常见的词是一个词元，少见的词被拆成几块。</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <source>Character tokenizer only. Off: the vocabulary is the characters of the text, and a character the text does not have becomes &lt;unk&gt;. On: 256 byte tokens are added and such a character is spelled as its bytes, so any text comes back exactly; a model may then write bytes that do not form a character, which are shown as hex.</source>
        <translation>仅用于字符分词器。关闭：词表就是文本中的字符，文本里没有的字符变成 &lt;unk&gt;。打开：额外加入 256 个字节词元，这样的字符用它的字节拼写，因此任何文本都能原样还原；模型随后可能写出组不成字符的字节，这些字节以十六进制显示。</translation>
    </message>
    <message>
        <source>Characters</source>
        <translation>字符</translation>
    </message>
    <message>
        <source>Choose only among the k most likely tokens. 0 means no limit.</source>
        <translation>只在最可能的 k 个词元中挑选。0 表示不限制。</translation>
    </message>
    <message>
        <source>Choose only among the most likely tokens whose probabilities add up to p (nucleus sampling). 1 means no limit.</source>
        <translation>只在最可能的那些词元中挑选，它们的概率加起来为 p（核采样）。1 表示不限制。</translation>
    </message>
    <message>
        <source>Compile</source>
        <translation>编译</translation>
    </message>
    <message>
        <source>Compile the model with torch.compile before training: often faster on a graphics card, but the first steps wait while it compiles (a minute or more), and on the processor a small model may be no faster.</source>
        <translation>训练前用 torch.compile 编译模型：在显卡上往往更快，但开始的几步要等它编译完（一分钟或更久）；在处理器上，小模型可能并不会更快。</translation>
    </message>
    <message>
        <source>Context length</source>
        <translation>上下文长度</translation>
    </message>
    <message>
        <source>Counted</source>
        <translation>统计完成</translation>
    </message>
    <message>
        <source>Counting</source>
        <translation>正在统计</translation>
    </message>
    <message>
        <source>Counting characters</source>
        <translation>正在统计字符</translation>
    </message>
    <message>
        <source>Counting {n}-grams</source>
        <translation>正在统计 {n} 元语法</translation>
    </message>
    <message>
        <source>Decay after epoch</source>
        <translation>开始衰减的轮次</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>计算设备</translation>
    </message>
    <message>
        <source>Divide by</source>
        <translation>除以</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Dropout</source>
        <translation>随机失活（dropout）</translation>
    </message>
    <message>
        <source>Each character is a token. Small vocabulary, long sequences; a character the training text does not have becomes &lt;unk&gt;.</source>
        <translation>每个字符是一个词元。词表小、序列长；训练文本里没有的字符会变成 &lt;unk&gt;。</translation>
    </message>
    <message>
        <source>Each special token (unknown, beginning, end, padding) must be a short text without spaces, and all four must be different (not {tokens}).</source>
        <translation>每个特殊词元（未知、开头、结尾、填充）都必须是不含空格的短文本，而且四个必须互不相同（现在是 {tokens}）。</translation>
    </message>
    <message>
        <source>Each word and each punctuation mark is a token. Rare words become &lt;unk&gt;.</source>
        <translation>每个词和每个标点都是一个词元。少见的词会变成 &lt;unk&gt;。</translation>
    </message>
    <message>
        <source>Early stopping</source>
        <translation>提前停止</translation>
    </message>
    <message>
        <source>Embedding size</source>
        <translation>嵌入大小</translation>
    </message>
    <message>
        <source>Encoding</source>
        <translation>正在转换为词元</translation>
    </message>
    <message>
        <source>End token</source>
        <translation>结束词元</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>轮数</translation>
    </message>
    <message>
        <source>Evaluate every</source>
        <translation>评估间隔</translation>
    </message>
    <message>
        <source>Fills up short lines to the longest of their batch when training reads one line at a time (Batching: lines); the loss ignores it.</source>
        <translation>训练按行读取时（取批方式：按行），把较短的行补齐到同一批中最长的一行；损失忽略它。</translation>
    </message>
    <message>
        <source>Final learning rate</source>
        <translation>最终学习率</translation>
    </message>
    <message>
        <source>First names</source>
        <translation>英文名字</translation>
    </message>
    <message>
        <source>For add-k smoothing: the count added to every possible next token. 1 is Laplace smoothing; smaller values trust the counts more.</source>
        <translation>用于加 k 平滑：给每个可能的下一个词元的计数都加上这个数。1 就是拉普拉斯平滑；数值越小，越相信实际的计数。</translation>
    </message>
    <message>
        <source>For cosine: the learning rate at the end, as a share of the starting one.</source>
        <translation>用于余弦：训练结束时的学习率，占起始学习率的比例。</translation>
    </message>
    <message>
        <source>For cosine: the learning rate grows from 0 over this many steps first.</source>
        <translation>用于余弦：学习率先在这么多步内从 0 逐渐升高（预热）。</translation>
    </message>
    <message>
        <source>For decay: the learning rate is divided after each epoch from this one on.</source>
        <translation>用于逐步衰减：从这一轮起，每轮结束后都把学习率除一次。</translation>
    </message>
    <message>
        <source>For plateau and decay: the learning rate is divided by this each time.</source>
        <translation>用于停滞时降低和逐步衰减：每次都把学习率除以这个数。</translation>
    </message>
    <message>
        <source>GPT (transformer)</source>
        <translation>GPT（Transformer）</translation>
    </message>
    <message>
        <source>GRU</source>
        <translation>GRU</translation>
    </message>
    <message>
        <source>Give at least two values for {label} (as 1,2,3 or a range such as 0.001:0.1:5), not {value}.</source>
        <translation>请为{label}给出至少两个取值（例如 1,2,3，或者 0.001:0.1:5 这样的范围），而不是 {value}。</translation>
    </message>
    <message>
        <source>Gradient clipping</source>
        <translation>梯度裁剪</translation>
    </message>
    <message>
        <source>Hidden size</source>
        <translation>隐藏层大小</translation>
    </message>
    <message>
        <source>How big the steps are. Too small learns slowly; too large and the loss jumps around or becomes NaN. Adam likes about 0.001 to 0.005, sgd about 1 to 20.</source>
        <translation>每一步迈多大。太小学得慢；太大则损失上下乱跳，甚至变成 NaN。Adam 适合大约 0.001 到 0.005，SGD 大约 1 到 20。</translation>
    </message>
    <message>
        <source>How many different tokens the tokenizer may have, special tokens included. 0 chooses for you: every character or word that occurs, or a size that suits the length of the text for sub-word kinds.</source>
        <translation>分词器最多可以有多少种不同的词元（包括特殊词元）。0 表示自动选择：收录出现过的每个字符或词；子词类分词器则按文本长度选一个合适的大小。</translation>
    </message>
    <message>
        <source>How many numbers describe each token inside the network. Must be a multiple of the number of attention heads.</source>
        <translation>网络内部用多少个数来描述每个词元。必须是注意力头数的倍数。</translation>
    </message>
    <message>
        <source>How many numbers describe each token when it enters the network.</source>
        <translation>每个词元进入网络时，用多少个数来描述它。</translation>
    </message>
    <message>
        <source>How many numbers the network uses to remember what it has read so far. Larger remembers more but learns more slowly per second.</source>
        <translation>网络用多少个数来记住目前读过的内容。越大记得越多，但计算更慢，同样时间内学到的更少。</translation>
    </message>
    <message>
        <source>How many processor cores to train with. 0 uses all of them (the fastest).</source>
        <translation>用多少个处理器核心来训练。0 表示全部使用（最快）。</translation>
    </message>
    <message>
        <source>How many recurrent layers are stacked, each reading the one below.</source>
        <translation>叠放多少个循环层，每一层读取下面一层的输出。</translation>
    </message>
    <message>
        <source>How many separate ways each layer looks back: one head may follow the previous letter, another the start of the word. The embedding size is shared out among them.</source>
        <translation>每一层有多少种各自独立的回看方式：一个头可能关注前一个字母，另一个头关注词的开头。嵌入维度平均分给这些头。</translation>
    </message>
    <message>
        <source>How many streams of text are read side by side at each step.</source>
        <translation>每一步并排读取多少路文本。</translation>
    </message>
    <message>
        <source>How many tokens of text the model writes at each evaluation, to show progress.</source>
        <translation>每次评估时模型写出多少个词元，用来展示学习进度。</translation>
    </message>
    <message>
        <source>How many tokens the model can look back over at most. Training reads windows this long; when writing longer texts, the oldest tokens drop out of view.</source>
        <translation>模型最多能回看多少个词元。训练时读取这么长的窗口；生成更长的文本时，最早的词元会移出视野。</translation>
    </message>
    <message>
        <source>How many tokens the model looks at: it predicts the next token from the n-1 tokens before it. 1 ignores the context; 3 (a trigram model) looks two tokens back.</source>
        <translation>模型看多少个词元：它根据前面 n-1 个词元预测下一个。1 表示不看上下文；3（三元语法模型）往回看两个词元。</translation>
    </message>
    <message>
        <source>How many tokens the network reads before its weights are updated (backpropagation through time is cut there).</source>
        <translation>网络读完多少个词元就更新一次权重（随时间反向传播在这里截断）。</translation>
    </message>
    <message>
        <source>How many tokens to write at most.</source>
        <translation>最多写出多少个词元。</translation>
    </message>
    <message>
        <source>How many transformer blocks are stacked. Each one lets every token look back at the others again and rethink what it has read.</source>
        <translation>堆叠多少个 Transformer 块。每一块都让每个词元再一次回看其他词元，重新思考读到的内容。</translation>
    </message>
    <message>
        <source>How probability is saved for what never occurred in the text. mle trusts the counts alone (anything unseen is impossible); add-k adds k to every count; witten-bell and kneser-ney mix in shorter contexts, kneser-ney best of all.</source>
        <translation>怎样给文本中从未出现过的情况留出一些概率。最大似然只相信计数（没见过的就不可能出现）；加 k 平滑给每个计数都加上 k；Witten-Bell 和 Kneser-Ney 会混入更短的上下文，其中 Kneser-Ney 效果最好。</translation>
    </message>
    <message>
        <source>How the text is cut into tokens, the units the model reads and writes.</source>
        <translation>怎样把文本切成词元。词元是模型读和写的基本单位。</translation>
    </message>
    <message>
        <source>How the weights move: sgd takes plain steps downhill; adam and adamw adapt the step size of each weight and are forgiving of the learning rate.</source>
        <translation>权重怎样移动：SGD 老老实实地沿下坡迈步；Adam 和 AdamW 会为每个权重单独调整步长，对学习率更宽容。</translation>
    </message>
    <message>
        <source>Inside brackets</source>
        <translation>在括号内</translation>
    </message>
    <message>
        <source>Inside quotes</source>
        <translation>在引号内</translation>
    </message>
    <message>
        <source>LSTM</source>
        <translation>LSTM</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>层数</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Learning-rate schedule</source>
        <translation>学习率调度</translation>
    </message>
    <message>
        <source>Length</source>
        <translation>长度</translation>
    </message>
    <message>
        <source>Longer (20 to 30 minutes): a larger network for a better model.</source>
        <translation>较长（20 到 30 分钟）：更大的网络，得到更好的模型。</translation>
    </message>
    <message>
        <source>Lowercase</source>
        <translation>转为小写</translation>
    </message>
    <message>
        <source>Marks the end of a line or text; a model that writes it has finished.</source>
        <translation>标记一行或一段文本的结束；模型写出它，就表示写完了。</translation>
    </message>
    <message>
        <source>Marks the start of a text.</source>
        <translation>标记一段文本的开始。</translation>
    </message>
    <message>
        <source>Measure the loss on the validation text every this many steps (and at the end of each epoch). 0 means only at the end of each epoch.</source>
        <translation>每隔这么多步在验证文本上测一次损失（每轮结束时也会测）。0 表示只在每轮结束时测。</translation>
    </message>
    <message>
        <source>Minimum frequency</source>
        <translation>最低出现次数</translation>
    </message>
    <message>
        <source>Mix of models</source>
        <translation>模型混合</translation>
    </message>
    <message>
        <source>Model family</source>
        <translation>模型类型</translation>
    </message>
    <message>
        <source>More dropout</source>
        <translation>加大随机失活（dropout）</translation>
    </message>
    <message>
        <source>More text</source>
        <translation>更多文本</translation>
    </message>
    <message>
        <source>N-gram order</source>
        <translation>N 元语法的阶数</translation>
    </message>
    <message>
        <source>No character of the {split} text became &lt;unk&gt;.</source>
        <translation>{split}文本中没有字符变成 &lt;unk&gt;。</translation>
    </message>
    <message>
        <source>No text was given: choose a file, a folder or a sample.</source>
        <translation>还没有提供文本：请选择一个文件、一个文件夹或一个示例语料。</translation>
    </message>
    <message>
        <source>No token of the {split} text is &lt;unk&gt;.</source>
        <translation>{split}文本中没有 &lt;unk&gt; 词元。</translation>
    </message>
    <message>
        <source>One sentence per line</source>
        <translation>每行一句</translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>Order (n)</source>
        <translation>阶数（n）</translation>
    </message>
    <message>
        <source>Padding token</source>
        <translation>填充词元</translation>
    </message>
    <message>
        <source>Position in the line</source>
        <translation>在行中的位置</translation>
    </message>
    <message>
        <source>Preset</source>
        <translation>预设</translation>
    </message>
    <message>
        <source>Pulls every weight matrix a little towards 0 at each step, against memorising (biases are left alone).</source>
        <translation>每一步都把每个权重矩阵往 0 拉一点，防止死记硬背（偏置不受影响）。</translation>
    </message>
    <message>
        <source>RNN</source>
        <translation>RNN</translation>
    </message>
    <message>
        <source>Read all files</source>
        <translation>已读取全部文件</translation>
    </message>
    <message>
        <source>Reading the ARPA file</source>
        <translation>正在读取 ARPA 文件</translation>
    </message>
    <message>
        <source>Reading {name}</source>
        <translation>正在读取 {name}</translation>
    </message>
    <message>
        <source>Sample length</source>
        <translation>示例文本长度</translation>
    </message>
    <message>
        <source>Save every</source>
        <translation>保存间隔</translation>
    </message>
    <message>
        <source>Save what is needed to continue training this often. 0 saves only at the end.</source>
        <translation>每隔这么久保存一次继续训练所需的内容。0 表示只在结束时保存。</translation>
    </message>
    <message>
        <source>Say where to save the run, with --out FOLDER.</source>
        <translation>请用 --out FOLDER 指定训练记录保存在哪里。</translation>
    </message>
    <message>
        <source>Scoring the test text</source>
        <translation>正在测试文本上评估</translation>
    </message>
    <message>
        <source>Scoring the text</source>
        <translation>正在评估文本</translation>
    </message>
    <message>
        <source>Scoring the validation text</source>
        <translation>正在验证文本上评估</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>SentencePiece&apos;s method: keeps the pieces that make the text most probable; ▁ marks a space.</source>
        <translation>SentencePiece 的方法：保留能让文本概率最大的那些片段；▁ 表示空格。</translation>
    </message>
    <message>
        <source>Sequence length</source>
        <translation>序列长度</translation>
    </message>
    <message>
        <source>Share of the training text</source>
        <translation>所用训练文本的比例</translation>
    </message>
    <message>
        <source>Skipped 1 file already read under another name (a link).</source>
        <translation>跳过了 1 个已经以另一个名字读过的文件（链接）。</translation>
    </message>
    <message>
        <source>Skipped 1 file that is empty, unreadable or not text.</source>
        <translation>跳过了 1 个空的、无法读取或不是文本的文件。</translation>
    </message>
    <message>
        <source>Skipped 1 hidden file.</source>
        <translation>跳过了 1 个隐藏文件。</translation>
    </message>
    <message>
        <source>Skipped 1 link that leads nowhere.</source>
        <translation>跳过了 1 个指向不存在位置的链接。</translation>
    </message>
    <message>
        <source>Skipped 1 link that points outside the folder.</source>
        <translation>跳过了 1 个指向文件夹之外的链接。</translation>
    </message>
    <message>
        <source>Skipped 1 named pipe, device or socket (not a regular file).</source>
        <translation>跳过了 1 个命名管道、设备或套接字（不是普通文件）。</translation>
    </message>
    <message>
        <source>Skipped {count} files already read under other names (links).</source>
        <translation>跳过了 {count} 个已经以其他名字读过的文件（链接）。</translation>
    </message>
    <message>
        <source>Skipped {count} files that are empty, unreadable or not text.</source>
        <translation>跳过了 {count} 个空的、无法读取或不是文本的文件。</translation>
    </message>
    <message>
        <source>Skipped {count} hidden files.</source>
        <translation>跳过了 {count} 个隐藏文件。</translation>
    </message>
    <message>
        <source>Skipped {count} links that lead nowhere.</source>
        <translation>跳过了 {count} 个指向不存在位置的链接。</translation>
    </message>
    <message>
        <source>Skipped {count} links that point outside the folder.</source>
        <translation>跳过了 {count} 个指向文件夹之外的链接。</translation>
    </message>
    <message>
        <source>Skipped {count} named pipes, devices or sockets (not regular files).</source>
        <translation>跳过了 {count} 个命名管道、设备或套接字（不是普通文件）。</translation>
    </message>
    <message>
        <source>Smoothing</source>
        <translation>平滑方法</translation>
    </message>
    <message>
        <source>Spell unseen characters as bytes</source>
        <translation>没见过的字符用字节拼写</translation>
    </message>
    <message>
        <source>Splits only on spaces, for text that is already cut into words (such as the Penn Treebank).</source>
        <translation>只按空格切分，适合已经切好词的文本（例如宾州树库 Penn Treebank）。</translation>
    </message>
    <message>
        <source>Stands for anything not in the vocabulary.</source>
        <translation>代表词表里没有的任何东西。</translation>
    </message>
    <message>
        <source>Start of a word</source>
        <translation>词的开头</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>Stop after reading the training text this many times. 0 means no limit.</source>
        <translation>把训练文本读过这么多遍后停止。0 表示不限制。</translation>
    </message>
    <message>
        <source>Stop after this many minutes of training. 0 means no limit. When it is the only limit, the cosine schedule follows the clock.</source>
        <translation>训练这么多分钟后停止。0 表示不限制。如果只设了这一项上限，余弦调度会按时间来进行。</translation>
    </message>
    <message>
        <source>Stop after this many steps. 0 means no limit.</source>
        <translation>训练这么多步后停止。0 表示不限制。</translation>
    </message>
    <message>
        <source>Stop at</source>
        <translation>停止条件</translation>
    </message>
    <message>
        <source>Stop early at the end of a line, at the end token, or never.</source>
        <translation>在一行结束时、写出结束词元时提前停止，或者从不提前停止。</translation>
    </message>
    <message>
        <source>Stop when the validation loss has not improved for this many evaluations in a row. 0 means never stop early.</source>
        <translation>如果验证损失连续这么多次评估都没有改善，就停止训练。0 表示从不提前停止。</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <source>The Analects of Confucius, simplified characters, one paragraph a line.</source>
        <translation>孔子的《论语》，简体字，每行一段。</translation>
    </message>
    <message>
        <source>The batch size ({batch_size}) must split evenly between the {processes} training processes. Choose a batch size that is a multiple of {processes}.</source>
        <translation>批大小（{batch_size}）必须能在 {processes} 个训练进程之间平均分配。请选择 {processes} 的倍数作为批大小。</translation>
    </message>
    <message>
        <source>The device {device!s} is not available on this computer.</source>
        <translation>设备 {device!s} 在这台电脑上不可用。</translation>
    </message>
    <message>
        <source>The encoding of {name} was guessed: it was read as {encoding}, but {alternatives} would read it almost as plausibly, so if letters look wrong, choose its encoding.</source>
        <translation>{name} 的编码是猜的：按 {encoding} 读取，但 {alternatives} 读起来几乎一样合理；如果文字看起来不对，请自己选择编码。</translation>
    </message>
    <message>
        <source>The encodings of {count} files were guessed among close alternatives ({name} was read as {encoding}, or could be {alternatives}), so if letters look wrong, choose the encoding.</source>
        <translation>有 {count} 个文件的编码是在几个相近的选择中猜的（{name} 按 {encoding} 读取，也可能是 {alternatives}）；如果文字看起来不对，请自己选择编码。</translation>
    </message>
    <message>
        <source>The largest allowed length of a step&apos;s gradient; longer ones are shortened. Keeps one unlucky batch from wrecking the model. 0 switches it off.</source>
        <translation>每一步梯度允许的最大长度；超过的会被缩短。这样一个倒霉的批次就不会毁掉模型。0 表示关闭。</translation>
    </message>
    <message>
        <source>The model has {params} numbers to learn {chars} characters of training text: {ratio} for each character, room enough to learn much of it by heart.</source>
        <translation>模型用 {params} 个数来学 {chars} 个字符的训练文本：每个字符 {ratio} 个数，足以把其中很多内容背下来。</translation>
    </message>
    <message>
        <source>The model is memorising its training text: since step {step}, the validation loss rose from {best:.3f} to {last:.3f} while the training loss fell from {then:.3f} to {now:.3f}.</source>
        <translation>模型在死记训练文本：从第 {step} 步起，验证损失从 {best:.3f} 升到 {last:.3f}，而训练损失从 {then:.3f} 降到 {now:.3f}。</translation>
    </message>
    <message>
        <source>The model is too large for this computer&apos;s memory ({detail}). Choose a smaller model or batch size.</source>
        <translation>模型太大，这台电脑的内存放不下（{detail}）。请选择更小的模型或批大小。</translation>
    </message>
    <message>
        <source>The model is too large for this computer&apos;s memory: training it needs about {needed_mb:,.0f} MB and only {available_mb:,.0f} MB are free. Choose a smaller model, batch size or sequence length.</source>
        <translation>模型太大，这台电脑的内存放不下：训练它大约需要 {needed_mb:,.0f} MB，但只剩 {available_mb:,.0f} MB 可用。请选择更小的模型、批大小或序列长度。</translation>
    </message>
    <message>
        <source>The same seed gives the same text again.</source>
        <translation>相同的随机种子会再次生成相同的文本。</translation>
    </message>
    <message>
        <source>The same seed, settings and text give the same training again.</source>
        <translation>相同的随机种子、设置和文本会得到完全相同的训练过程。</translation>
    </message>
    <message>
        <source>The share of numbers switched off at random while training (on the embeddings, between layers and before the output). It fights memorising the training text; useful for large models on small texts.</source>
        <translation>训练时随机关掉的数所占的比例（作用在嵌入上、层与层之间以及输出之前）。它能防止模型死记训练文本；在小文本上训练大模型时很有用。</translation>
    </message>
    <message>
        <source>The share of numbers switched off at random while training. It fights memorising the training text; useful for large models on small texts.</source>
        <translation>训练时随机关闭的数值所占的比例。它能防止模型死记训练文本；对在小文本上训练的大模型很有用。</translation>
    </message>
    <message>
        <source>The split fractions {fractions} must be positive and add up to 1.</source>
        <translation>划分比例 {fractions} 必须都是正数，并且加起来等于 1。</translation>
    </message>
    <message>
        <source>The text is empty, there is nothing to learn from.</source>
        <translation>文本是空的，没有可以学习的内容。</translation>
    </message>
    <message>
        <source>The text is short: one whole line of it is held out for testing.</source>
        <translation>文本较短：留出其中完整的一行用于测试。</translation>
    </message>
    <message>
        <source>The text is short: one whole line of it is held out for validation.</source>
        <translation>文本较短：留出其中完整的一行用于验证。</translation>
    </message>
    <message>
        <source>The text is too short to hold out a line for testing: there is no test score.</source>
        <translation>文本太短，无法留出一行用于测试：没有测试得分。</translation>
    </message>
    <message>
        <source>The text is too short to hold out a line for validation: the model learns from all of it without validation, so there is no validation loss and no early stopping.</source>
        <translation>文本太短，无法留出一行用于验证：模型在全部文本上学习，不做验证，因此没有验证损失，也不会提前停止。</translation>
    </message>
    <message>
        <source>The text is too short to split: the {split} part would be empty. Use a longer text or a larger {split} fraction.</source>
        <translation>文本太短，无法划分：{split}部分会是空的。请使用更长的文本，或调大{split}部分的比例。</translation>
    </message>
    <message>
        <source>The text this run was trained on has changed since ({what}). Continue it with the same text, or start a new run.</source>
        <translation>这个训练记录所用的文本已经变了（{what}）。请用原来的文本继续，或者开始新的训练。</translation>
    </message>
    <message>
        <source>The text {name!s} is {size_mb:.1f} MB, too large to put inside a lesson (the limit is {limit_mb:.0f} MB). Use a smaller text, or a sample.</source>
        <translation>文本 {name!s} 有 {size_mb:.1f} MB，太大了，放不进课程里（上限是 {limit_mb:.0f} MB）。请换一份小一点的文本，或者使用示例语料。</translation>
    </message>
    <message>
        <source>The training text has only {tokens} token(s), and a model needs at least two to learn which token follows which: use a longer text.</source>
        <translation>训练文本只有 {tokens} 个词元，而模型至少需要两个词元才能学习哪个词元跟在哪个后面：请使用更长的文本。</translation>
    </message>
    <message>
        <source>The training text is too large ({chars:,} characters) to look for passages copied from it: that works on texts read into memory, from files of up to {limit_mb:g} MB.</source>
        <translation>训练文本太大（{chars:,} 个字符），无法在其中查找被照抄的段落：这只适用于读入内存的文本，即不超过 {limit_mb:g} MB 的文件。</translation>
    </message>
    <message>
        <source>The vocabulary size must be between {low} and {high}, not {value}.</source>
        <translation>词表大小必须在 {low} 到 {high} 之间，而不是 {value}。</translation>
    </message>
    <message>
        <source>The {split} text has {tokens} tokens, too short for one training window of {needed}. Use a longer text or a shorter sequence length.</source>
        <translation>{split}文本只有 {tokens} 个词元，不够组成一个 {needed} 个词元的训练窗口。请使用更长的文本，或更短的序列长度。</translation>
    </message>
    <message>
        <source>There is no sample called {name!s}. The samples are: {choices}.</source>
        <translation>没有名为 {name!s} 的示例语料。可用的示例有：{choices}。</translation>
    </message>
    <message>
        <source>There is no validation text to tune the mix&apos;s weights on: give one with --valid FILE.</source>
        <translation>没有用来调整混合权重的验证文本：请用 --valid FILE 指定一个。</translation>
    </message>
    <message>
        <source>Threads</source>
        <translation>线程数</translation>
    </message>
    <message>
        <source>Three Hundred Tang Poems, traditional characters, one poem a line.</source>
        <translation>《唐诗三百首》，繁体字，每行一首。</translation>
    </message>
    <message>
        <source>Tie input and output</source>
        <translation>输入输出共享权重</translation>
    </message>
    <message>
        <source>Time limit</source>
        <translation>时间上限</translation>
    </message>
    <message>
        <source>Tiny Shakespeare</source>
        <translation>莎士比亚选段 (Tiny Shakespeare)</translation>
    </message>
    <message>
        <source>Tokenizer kind</source>
        <translation>分词器类型</translation>
    </message>
    <message>
        <source>Top-k</source>
        <translation>Top-k</translation>
    </message>
    <message>
        <source>Top-p</source>
        <translation>Top-p</translation>
    </message>
    <message>
        <source>Training stopped at step {step}: the loss became {value} before the model had learned anything. The learning rate ({lr:g}) is probably too high; start again with a smaller one.</source>
        <translation>训练在第 {step} 步停止：模型还没学到任何东西，损失就变成了 {value}。学习率（{lr:g}）可能太高了，请换一个小一点的学习率重新开始。</translation>
    </message>
    <message>
        <source>Training stopped at step {step}: the loss became {value}. The learning rate ({lr:g}) is probably too high; try a smaller one. The last good weights were kept.</source>
        <translation>训练在第 {step} 步停止：损失变成了 {value}。学习率（{lr:g}）可能太高了，试试小一点的。已保留最后一组正常的权重。</translation>
    </message>
    <message>
        <source>Training stopped: another training process stopped or stopped answering ({detail}). The run is saved up to its last checkpoint; start the same torchrun command with --resume to continue, with as many processes as you like.</source>
        <translation>训练已停止：另一个训练进程停止了或不再响应（{detail}）。这次训练已保存到最后一个检查点；用同样的 torchrun 命令加上 --resume 即可继续，进程数可以随意选择。</translation>
    </message>
    <message>
        <source>Treat each line as a sentence that starts with &lt;s&gt; and ends with &lt;/s&gt;, as the Penn Treebank is scored. Off: the whole text is one long stream.</source>
        <translation>把每一行当作一个句子，以 &lt;s&gt; 开头、以 &lt;/s&gt; 结尾，这也是宾州树库（Penn Treebank）的评测方式。关闭时：整个文本是一条长长的文本流。</translation>
    </message>
    <message>
        <source>Turn all text into lower case first. A smaller vocabulary, but capitals are lost.</source>
        <translation>先把所有文本转为小写。词表会更小，但大小写的区别就丢失了。</translation>
    </message>
    <message>
        <source>Under a minute: a small network that already writes word-like text.</source>
        <translation>不到一分钟：一个小网络，已经能写出像模像样的词。</translation>
    </message>
    <message>
        <source>Unigram</source>
        <translation>Unigram</translation>
    </message>
    <message>
        <source>Unknown token</source>
        <translation>未知词元</translation>
    </message>
    <message>
        <source>Use at most this many tokens of the validation text for each evaluation, so that it stays quick on a large text. 0 means all of it.</source>
        <translation>每次评估最多使用验证文本中这么多个词元，这样在大文本上评估也很快。0 表示全部使用。</translation>
    </message>
    <message>
        <source>Use the same table of numbers to read tokens and to write them. Fewer parameters, often a better model on words. When the hidden size differs from the embedding size, a small projection is added.</source>
        <translation>读入词元和写出词元使用同一张数字表。参数更少，在以词为单位时往往得到更好的模型。如果隐藏层大小和嵌入大小不同，会额外加一个小的投影层。</translation>
    </message>
    <message>
        <source>Validation tokens</source>
        <translation>验证词元数</translation>
    </message>
    <message>
        <source>Vocabulary size</source>
        <translation>词表大小</translation>
    </message>
    <message>
        <source>Warm-up</source>
        <translation>预热</translation>
    </message>
    <message>
        <source>Weight decay</source>
        <translation>权重衰减</translation>
    </message>
    <message>
        <source>What helps: more dropout, weight decay, a smaller model, more text, or early stopping (which keeps the best weights).</source>
        <translation>可以这样改善：加大随机失活、权重衰减、换更小的模型、用更多文本，或提前停止（它会保留最好的权重）。</translation>
    </message>
    <message>
        <source>Where to compute: cpu, an NVIDIA graphics card (cuda), an Apple one (mps), or auto (a graphics card if there is one, else the processor).</source>
        <translation>在哪里计算：CPU、NVIDIA 显卡（CUDA）、苹果芯片（MPS），或自动（有显卡就用显卡，否则用处理器）。</translation>
    </message>
    <message>
        <source>Whether the layers add a learned constant to what they compute (GPT-2 does). Without, the model is a little smaller and often just as good.</source>
        <translation>各层是否在计算结果上加一个学到的常数（GPT-2 会这样做）。不加的话，模型稍小一些，效果往往一样好。</translation>
    </message>
    <message>
        <source>WordPiece</source>
        <translation>WordPiece</translation>
    </message>
    <message>
        <source>Words</source>
        <translation>词</translation>
    </message>
    <message>
        <source>Words between spaces</source>
        <translation>按空格分的词</translation>
    </message>
    <message>
        <source>Writing {n}-grams</source>
        <translation>正在写入 {n} 元语法</translation>
    </message>
    <message>
        <source>a 7-Zip archive</source>
        <translation>7-Zip 压缩包</translation>
    </message>
    <message>
        <source>a GIF image</source>
        <translation>GIF 图片</translation>
    </message>
    <message>
        <source>a JPEG image</source>
        <translation>JPEG 图片</translation>
    </message>
    <message>
        <source>a JSON object</source>
        <translation>JSON 对象</translation>
    </message>
    <message>
        <source>a JSON object ({ ... })</source>
        <translation>一个 JSON 对象（{ ... }）</translation>
    </message>
    <message>
        <source>a PDF document</source>
        <translation>PDF 文档</translation>
    </message>
    <message>
        <source>a PNG image</source>
        <translation>PNG 图片</translation>
    </message>
    <message>
        <source>a Python pickle</source>
        <translation>Python 序列化文件（pickle）</translation>
    </message>
    <message>
        <source>a RAR archive</source>
        <translation>RAR 压缩包</translation>
    </message>
    <message>
        <source>a Windows program</source>
        <translation>Windows 程序</translation>
    </message>
    <message>
        <source>a ZIP archive or an Office document</source>
        <translation>ZIP 压缩包或 Office 文档</translation>
    </message>
    <message>
        <source>a bzip2 archive</source>
        <translation>bzip2 压缩包</translation>
    </message>
    <message>
        <source>a database</source>
        <translation>数据库文件</translation>
    </message>
    <message>
        <source>a device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>a finite number</source>
        <translation>有限的数值</translation>
    </message>
    <message>
        <source>a folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>a gzip archive</source>
        <translation>gzip 压缩包</translation>
    </message>
    <message>
        <source>a link that leads nowhere</source>
        <translation>指向不存在位置的链接</translation>
    </message>
    <message>
        <source>a link that points outside the folder</source>
        <translation>指向文件夹之外的链接</translation>
    </message>
    <message>
        <source>a list of setting names</source>
        <translation>由设置名称组成的列表</translation>
    </message>
    <message>
        <source>a multiple of the number of attention heads ({heads})</source>
        <translation>注意力头数（{heads}）的倍数</translation>
    </message>
    <message>
        <source>a named pipe</source>
        <translation>命名管道</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>数字</translation>
    </message>
    <message>
        <source>a number of a sensible size</source>
        <translation>大小合理的数</translation>
    </message>
    <message>
        <source>a number, yes/no or a short text</source>
        <translation>数字、“是/否”或一小段文本</translation>
    </message>
    <message>
        <source>a program</source>
        <translation>程序</translation>
    </message>
    <message>
        <source>a socket</source>
        <translation>套接字</translation>
    </message>
    <message>
        <source>a tar archive</source>
        <translation>TAR 归档文件</translation>
    </message>
    <message>
        <source>a text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>a text of at most {count} characters</source>
        <translation>不超过 {count} 个字符的文本</translation>
    </message>
    <message>
        <source>a text that is not empty</source>
        <translation>非空的文本</translation>
    </message>
    <message>
        <source>a whole number</source>
        <translation>整数</translation>
    </message>
    <message>
        <source>a whole number from 1</source>
        <translation>不小于 1 的整数</translation>
    </message>
    <message>
        <source>a {order}-gram section that the header does not announce</source>
        <translation>文件头没有列出的 {order} 元语法部分</translation>
    </message>
    <message>
        <source>above 0% and at most 100%</source>
        <translation>大于 0% 且不超过 100%</translation>
    </message>
    <message>
        <source>adam</source>
        <translation>Adam</translation>
    </message>
    <message>
        <source>adamw</source>
        <translation>AdamW</translation>
    </message>
    <message>
        <source>add-k</source>
        <translation>加 k 平滑</translation>
    </message>
    <message>
        <source>add-k (Laplace at k = 1)</source>
        <translation>加 k 平滑（k = 1 时即拉普拉斯平滑）</translation>
    </message>
    <message>
        <source>an MP3 audio file</source>
        <translation>MP3 音频文件</translation>
    </message>
    <message>
        <source>an XZ archive</source>
        <translation>XZ 压缩包</translation>
    </message>
    <message>
        <source>an audio or video file</source>
        <translation>音频或视频文件</translation>
    </message>
    <message>
        <source>an empty ZIP archive</source>
        <translation>空的 ZIP 压缩包</translation>
    </message>
    <message>
        <source>an old Office document</source>
        <translation>旧版 Office 文档</translation>
    </message>
    <message>
        <source>at least {low}</source>
        <translation>不小于 {low} 的数</translation>
    </message>
    <message>
        <source>at most the context length ({context})</source>
        <translation>不超过上下文长度（{context}）</translation>
    </message>
    <message>
        <source>at most {high}</source>
        <translation>不大于 {high} 的数</translation>
    </message>
    <message>
        <source>auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>between {low} and {high}</source>
        <translation>{low} 到 {high} 之间的数</translation>
    </message>
    <message>
        <source>binary data</source>
        <translation>二进制数据</translation>
    </message>
    <message>
        <source>binary data (only zero bytes)</source>
        <translation>二进制数据（全是零字节）</translation>
    </message>
    <message>
        <source>bpe</source>
        <translation>BPE</translation>
    </message>
    <message>
        <source>bytebpe</source>
        <translation>字节级 BPE</translation>
    </message>
    <message>
        <source>char</source>
        <translation>字符</translation>
    </message>
    <message>
        <source>checkpoint state: {exc}</source>
        <translation>检查点状态：{exc}</translation>
    </message>
    <message>
        <source>checkpoint/latest.json is damaged</source>
        <translation>checkpoint/latest.json 已损坏</translation>
    </message>
    <message>
        <source>checkpoint/{name}/{file} is missing</source>
        <translation>缺少 checkpoint/{name}/{file}</translation>
    </message>
    <message>
        <source>constant</source>
        <translation>恒定</translation>
    </message>
    <message>
        <source>constant keeps it; plateau divides it when the validation loss stops improving; decay divides it after every epoch from a given epoch on; cosine warms up, then lowers it smoothly until the end of training.</source>
        <translation>恒定：学习率保持不变；停滞时降低：验证损失不再改善时把它除以一个数；逐步衰减：从指定的一轮起，每轮结束后都除一次；余弦：先预热，再平滑地降低，直到训练结束。</translation>
    </message>
    <message>
        <source>contiguous</source>
        <translation>连续</translation>
    </message>
    <message>
        <source>contiguous reads the text in order, in parallel streams, and carries the memory from one window to the next; random picks windows anywhere and starts each with an empty memory; lines reads each line on its own (for names, poems, sentences), from &lt;bos&gt; to the end of the line, padded with &lt;pad&gt; to the longest line of its batch.</source>
        <translation>连续：按顺序读文本，几路并行，并把记忆从一个窗口带到下一个窗口；随机：从任意位置取窗口，每个窗口都从空白的记忆开始；按行：每一行单独读（适合名字、诗句、句子），从 &lt;bos&gt; 读到行尾，并用 &lt;pad&gt; 补齐到同一批中最长的一行。</translation>
    </message>
    <message>
        <source>corpus.text of {path}</source>
        <translation>{path} 中的 corpus.text</translation>
    </message>
    <message>
        <source>cosine</source>
        <translation>余弦</translation>
    </message>
    <message>
        <source>cpu</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>cuda</source>
        <translation>CUDA (NVIDIA 显卡)</translation>
    </message>
    <message>
        <source>decay</source>
        <translation>逐步衰减</translation>
    </message>
    <message>
        <source>either a sample or a text, not both</source>
        <translation>示例语料和文本二者之一（不能两样都有）</translation>
    </message>
    <message>
        <source>eos</source>
        <translation>结束词元</translation>
    </message>
    <message>
        <source>epochs</source>
        <translation>轮</translation>
    </message>
    <message>
        <source>evaluations</source>
        <translation>次评估</translation>
    </message>
    <message>
        <source>gpt</source>
        <translation>GPT</translation>
    </message>
    <message>
        <source>gpt is a transformer: instead of carrying a memory, each token looks back at the earlier ones and decides which matter.</source>
        <translation>gpt 是一种 Transformer：它不携带记忆，而是让每个词元回看前面的词元，并判断哪些重要。</translation>
    </message>
    <message>
        <source>gru</source>
        <translation>GRU</translation>
    </message>
    <message>
        <source>interpolated Witten-Bell</source>
        <translation>插值 Witten-Bell</translation>
    </message>
    <message>
        <source>interpolated modified Kneser-Ney</source>
        <translation>插值修正 Kneser-Ney</translation>
    </message>
    <message>
        <source>it cannot be examined ({reason})</source>
        <translation>无法检查它（{reason}）</translation>
    </message>
    <message>
        <source>it does not hold a JSON object</source>
        <translation>文件内容不是 JSON 对象</translation>
    </message>
    <message>
        <source>it does not say &quot;format&quot;: &quot;{format}&quot;</source>
        <translation>文件里没有写明 &quot;format&quot;: &quot;{format}&quot;</translation>
    </message>
    <message>
        <source>it ends before \end\ (the file is cut short)</source>
        <translation>它在 \end\ 之前就结束了（文件不完整）</translation>
    </message>
    <message>
        <source>it fails on a sample text: {reason}</source>
        <translation>它处理一段示例文本时出错：{reason}</translation>
    </message>
    <message>
        <source>it gives token ids outside its vocabulary</source>
        <translation>它给出了词表之外的词元编号</translation>
    </message>
    <message>
        <source>it is a folder, not a file</source>
        <translation>这是一个文件夹，不是文件</translation>
    </message>
    <message>
        <source>it is not UTF-8 text</source>
        <translation>它不是 UTF-8 文本</translation>
    </message>
    <message>
        <source>it is not a plain file</source>
        <translation>它不是普通的文件</translation>
    </message>
    <message>
        <source>it is not an ordinary file</source>
        <translation>它不是普通文件</translation>
    </message>
    <message>
        <source>it is not valid JSON</source>
        <translation>它不是有效的 JSON</translation>
    </message>
    <message>
        <source>it is not valid JSON: {problem} at line {line}</source>
        <translation>它不是有效的 JSON：第 {line} 行有错误（{problem}）</translation>
    </message>
    <message>
        <source>it ran out at step {step}</source>
        <translation>在第 {step} 步时内存耗尽</translation>
    </message>
    <message>
        <source>it uses a regular expression this app never writes: {pattern}</source>
        <translation>它使用了本应用从不写入的正则表达式：{pattern}</translation>
    </message>
    <message>
        <source>its 1-gram probabilities do not add up to 1: they add up to {total}</source>
        <translation>它的 1 元语法概率加起来不等于 1，而是 {total}</translation>
    </message>
    <message>
        <source>its content differs</source>
        <translation>内容不同</translation>
    </message>
    <message>
        <source>its probabilities do not add up to 1 after the context {context}: they add up to {total}</source>
        <translation>在上下文 {context} 之后，它的概率加起来不等于 1，而是 {total}</translation>
    </message>
    <message>
        <source>its size differs</source>
        <translation>大小不同</translation>
    </message>
    <message>
        <source>its size does not fit the text the run recorded</source>
        <translation>它的大小与训练记录中的文本不符</translation>
    </message>
    <message>
        <source>its unknown token {token} is not in its vocabulary</source>
        <translation>它的未知词元 {token} 不在它的词表里</translation>
    </message>
    <message>
        <source>k (add-k)</source>
        <translation>k（加 k 平滑）</translation>
    </message>
    <message>
        <source>kneser-ney</source>
        <translation>Kneser-Ney</translation>
    </message>
    <message>
        <source>left out for a sample</source>
        <translation>空着的（使用示例语料时不填这一项）</translation>
    </message>
    <message>
        <source>left out for an n-gram model, which is counted, not trained</source>
        <translation>空着的（n 元语法模型是靠统计得来的，不需要训练）</translation>
    </message>
    <message>
        <source>line</source>
        <translation>行尾</translation>
    </message>
    <message>
        <source>line {line} is longer than {limit}, which no language model file has</source>
        <translation>第 {line} 行超过了 {limit}，语言模型文件不会有这么长的行</translation>
    </message>
    <message>
        <source>line {line}: a {order}-gram line has {count} fields: {text}</source>
        <translation>第 {line} 行：这一行 {order} 元语法有 {count} 个字段：{text}</translation>
    </message>
    <message>
        <source>line {line}: the back-off weight {value} is infinite or far too large</source>
        <translation>第 {line} 行：回退权重 {value} 是无穷大或大得离谱</translation>
    </message>
    <message>
        <source>line {line}: the log-probability {value} is above 0 (a probability above 1)</source>
        <translation>第 {line} 行：对数概率 {value} 大于 0（即概率大于 1）</translation>
    </message>
    <message>
        <source>line {line}: unexpected line in the header: {text}</source>
        <translation>第 {line} 行：文件头里出现了意外的行：{text}</translation>
    </message>
    <message>
        <source>line {line}: unexpected line {text}</source>
        <translation>第 {line} 行：意外的行 {text}</translation>
    </message>
    <message>
        <source>line {line}: {value} is not a number</source>
        <translation>第 {line} 行：{value} 不是数字</translation>
    </message>
    <message>
        <source>lines</source>
        <translation>按行</translation>
    </message>
    <message>
        <source>lstm</source>
        <translation>LSTM</translation>
    </message>
    <message>
        <source>maximum likelihood (no smoothing)</source>
        <translation>最大似然（不平滑）</translation>
    </message>
    <message>
        <source>minutes</source>
        <translation>分钟</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>文件不存在</translation>
    </message>
    <message>
        <source>mle</source>
        <translation>最大似然</translation>
    </message>
    <message>
        <source>mps</source>
        <translation>MPS (苹果芯片)</translation>
    </message>
    <message>
        <source>n-gram</source>
        <translation>n 元语法</translation>
    </message>
    <message>
        <source>neither a file nor a folder</source>
        <translation>既不是文件也不是文件夹</translation>
    </message>
    <message>
        <source>no {token} token</source>
        <translation>缺少 {token} 词元</translation>
    </message>
    <message>
        <source>none</source>
        <translation>不提前停止</translation>
    </message>
    <message>
        <source>null for an n-gram model (presets are for RNN, LSTM, GRU and GPT)</source>
        <translation>对 n 元模型为 null（预设只适用于 RNN、LSTM、GRU 和 GPT）</translation>
    </message>
    <message>
        <source>null or one of {choices}</source>
        <translation>空值 null，或 {choices} 中的一个</translation>
    </message>
    <message>
        <source>one of {choices}</source>
        <translation>{choices} 中的一个</translation>
    </message>
    <message>
        <source>optimizer state: {exc}</source>
        <translation>优化器状态：{exc}</translation>
    </message>
    <message>
        <source>plateau</source>
        <translation>停滞时降低</translation>
    </message>
    <message>
        <source>random</source>
        <translation>随机</translation>
    </message>
    <message>
        <source>reached the number of epochs</source>
        <translation>已达到设定的轮数</translation>
    </message>
    <message>
        <source>reached the number of steps</source>
        <translation>已达到设定的步数</translation>
    </message>
    <message>
        <source>reached the time limit</source>
        <translation>已达到时间上限</translation>
    </message>
    <message>
        <source>rnn</source>
        <translation>RNN</translation>
    </message>
    <message>
        <source>rnn is the simplest recurrent network and forgets quickly; lstm and gru have gates that decide what to remember, so they keep track of longer contexts.</source>
        <translation>RNN 是最简单的循环网络，忘得很快；LSTM 和 GRU 有“门”来决定记住什么，所以能记住更长的上下文。</translation>
    </message>
    <message>
        <source>run.json does not say which text was used</source>
        <translation>run.json 没有记录用的是哪份文本</translation>
    </message>
    <message>
        <source>run.json has no format version</source>
        <translation>run.json 没有格式版本号</translation>
    </message>
    <message>
        <source>run.json lacks {key!r}</source>
        <translation>run.json 缺少 {key!r}</translation>
    </message>
    <message>
        <source>run.json: a mix needs two or more parts, each with a weight</source>
        <translation>run.json：混合需要两个或更多组成部分，每个都有一个权重</translation>
    </message>
    <message>
        <source>run.json: corpus is not an object</source>
        <translation>run.json：&quot;corpus&quot; 不是一个对象</translation>
    </message>
    <message>
        <source>run.json: corpus.chars is not a count of characters</source>
        <translation>run.json：&quot;corpus.chars&quot; 不是字符数</translation>
    </message>
    <message>
        <source>run.json: corpus.source is not an object</source>
        <translation>run.json：&quot;corpus.source&quot; 不是一个对象</translation>
    </message>
    <message>
        <source>run.json: corpus.source.file_fingerprints is not a list of fingerprints</source>
        <translation>run.json：corpus.source.file_fingerprints 不是指纹列表</translation>
    </message>
    <message>
        <source>run.json: corpus.source.{key} is not a text</source>
        <translation>run.json：&quot;corpus.source.{key}&quot; 不是文本</translation>
    </message>
    <message>
        <source>run.json: corpus.{key} is not a text</source>
        <translation>run.json：&quot;corpus.{key}&quot; 不是文本</translation>
    </message>
    <message>
        <source>run.json: {key} is not a text</source>
        <translation>run.json：{key} 不是文本</translation>
    </message>
    <message>
        <source>run.json: {where} is not a list of file names</source>
        <translation>run.json：{where} 不是文件名列表</translation>
    </message>
    <message>
        <source>run.json: {where} is not a list of fingerprints</source>
        <translation>run.json：{where} 不是指纹列表</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>秒</translation>
    </message>
    <message>
        <source>settings of the right kinds</source>
        <translation>类型正确的一组设置</translation>
    </message>
    <message>
        <source>sgd</source>
        <translation>SGD</translation>
    </message>
    <message>
        <source>steps</source>
        <translation>步</translation>
    </message>
    <message>
        <source>stopped by the user</source>
        <translation>已被用户停止</translation>
    </message>
    <message>
        <source>test</source>
        <translation>测试</translation>
    </message>
    <message>
        <source>text without control characters</source>
        <translation>不含控制字符的文本</translation>
    </message>
    <message>
        <source>the checkpoint is not a readable safetensors file ({error_type})</source>
        <translation>检查点不是可读取的 safetensors 文件（{error_type}）</translation>
    </message>
    <message>
        <source>the checkpoint lacks the memory</source>
        <translation>检查点里缺少隐藏状态（记忆）</translation>
    </message>
    <message>
        <source>the header lists no n-gram counts</source>
        <translation>文件头没有列出 n 元语法的数量</translation>
    </message>
    <message>
        <source>the header&apos;s orders {orders} are not 1 to {top}</source>
        <translation>文件头里的阶数 {orders} 不是从 1 到 {top}</translation>
    </message>
    <message>
        <source>the run records no fingerprint of it</source>
        <translation>训练记录里没有它的指纹</translation>
    </message>
    <message>
        <source>the same as model_kind ({kind})</source>
        <translation>与 model_kind 相同的值（{kind}）</translation>
    </message>
    <message>
        <source>the same file as one already read, by another name</source>
        <translation>与一个已读过的文件相同，只是名字不同</translation>
    </message>
    <message>
        <source>the validation loss stopped improving</source>
        <translation>验证损失不再改善</translation>
    </message>
    <message>
        <source>there are no n-gram sections</source>
        <translation>没有 n 元语法部分</translation>
    </message>
    <message>
        <source>there is no \data\ line</source>
        <translation>没有 \data\ 这一行</translation>
    </message>
    <message>
        <source>tokenizer.json is not the tokenizer this run was trained with</source>
        <translation>tokenizer.json 不是这次训练所用的分词器</translation>
    </message>
    <message>
        <source>tokens</source>
        <translation>词元</translation>
    </message>
    <message>
        <source>training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>unigram</source>
        <translation>Unigram</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>unknown model kind {kind!r}</source>
        <translation>未知的模型类型 {kind!r}</translation>
    </message>
    <message>
        <source>valid Unicode text</source>
        <translation>有效的 Unicode 文本</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>验证</translation>
    </message>
    <message>
        <source>whitespace</source>
        <translation>按空格</translation>
    </message>
    <message>
        <source>witten-bell</source>
        <translation>Witten-Bell</translation>
    </message>
    <message>
        <source>word</source>
        <translation>词</translation>
    </message>
    <message>
        <source>wordpiece</source>
        <translation>WordPiece</translation>
    </message>
    <message>
        <source>yes or no</source>
        <translation>“是”或“否”</translation>
    </message>
    <message>
        <source>{allowed} or {special}</source>
        <translation>{allowed}，或者 {special}</translation>
    </message>
    <message>
        <source>{count:,} characters of the {split} text became &lt;unk&gt; (the training text does not have them): {chars}</source>
        <translation>{split}文本中有 {count:,} 个字符变成了 &lt;unk&gt;（训练文本里没有它们）：{chars}</translation>
    </message>
    <message>
        <source>{count:,} tokens of the {split} text are &lt;unk&gt;.</source>
        <translation>{split}文本中有 {count:,} 个词元是 &lt;unk&gt;。</translation>
    </message>
    <message>
        <source>{count}</source>
        <translation>{count}</translation>
    </message>
    <message>
        <source>{count} billion</source>
        <translation>{count} 十亿</translation>
    </message>
    <message>
        <source>{count} million</source>
        <translation>{count} 百万</translation>
    </message>
    <message>
        <source>{count} thousand</source>
        <translation>{count} 千</translation>
    </message>
    <message>
        <source>{encoding!s} is not a text encoding: it turns bytes into other bytes. Choose the encoding the text was saved in, such as UTF-8.</source>
        <translation>{encoding!s} 不是文本编码：它只是把字节变成别的字节。请选择文本保存时用的编码，例如 UTF-8。</translation>
    </message>
    <message>
        <source>{encoding!s} is not an encoding this app knows.</source>
        <translation>本应用不认识 {encoding!s} 这种编码。</translation>
    </message>
    <message>
        <source>{file}: the weights {name} are not numbers (NaN or infinity)</source>
        <translation>{file}：权重 {name} 不是有效数字（NaN 或无穷大）</translation>
    </message>
    <message>
        <source>{flag!s} is not a setting of {kind} models.</source>
        <translation>{flag!s} 不是 {kind} 模型的设置。</translation>
    </message>
    <message>
        <source>{kind!s} is not a tokenizer kind. The kinds are: {choices}.</source>
        <translation>{kind!s} 不是一种分词器类型。可选的类型有：{choices}。</translation>
    </message>
    <message>
        <source>{label} cannot be changed when continuing a run; start a new run to change it.</source>
        <translation>继续训练时不能更改“{label}”；要更改它，请开始新的训练。</translation>
    </message>
    <message>
        <source>{label} is locked by the lesson {path}; it cannot be changed. Leave it out, or ask for a lesson that does not lock it.</source>
        <translation>“{label}”已被课程 {path} 锁定，不能更改。请不要指定这一项，或者换一个没有锁定它的课程。</translation>
    </message>
    <message>
        <source>{label} must be {expected}, not {value}.</source>
        <translation>{label} 必须是{expected}，而不是 {value}。</translation>
    </message>
    <message>
        <source>{name!s} is not a setting an experiment can vary. These can: {choices}.</source>
        <translation>{name!s} 不是实验可以改变的设置。可以改变的有：{choices}。</translation>
    </message>
    <message>
        <source>{name} is a link to somewhere else</source>
        <translation>{name} 是指向别处的链接</translation>
    </message>
    <message>
        <source>{name} is missing</source>
        <translation>缺少 {name}</translation>
    </message>
    <message>
        <source>{name} is not a folder</source>
        <translation>{name} 不是文件夹</translation>
    </message>
    <message>
        <source>{name} is not a regular file</source>
        <translation>{name} 不是普通文件</translation>
    </message>
    <message>
        <source>{name} is not an object</source>
        <translation>{name} 的内容不是 JSON 对象</translation>
    </message>
    <message>
        <source>{name} is not valid JSON</source>
        <translation>{name} 不是有效的 JSON</translation>
    </message>
    <message>
        <source>{name}: {exc}</source>
        <translation>{name}：{exc}</translation>
    </message>
    <message>
        <source>{part} does not use the tokenizer of {first}, so the two cannot be mixed; train it with --tokenizer-from {first} (&quot;Use the tokenizer of a run&quot;).</source>
        <translation>{part} 用的不是 {first} 的分词器，所以二者不能混合；请用 --tokenizer-from {first}（“使用某个训练记录的分词器”）训练它。</translation>
    </message>
    <message>
        <source>{path} already holds a run. Choose another folder for the new one.</source>
        <translation>{path} 里已经有一个训练记录。请为新的训练选择另一个文件夹。</translation>
    </message>
    <message>
        <source>{path} already holds a run. Choose another folder, or continue that run with --resume {path}.</source>
        <translation>{path} 里已经有一个训练记录。请选择另一个文件夹，或者用 --resume {path} 继续那次训练。</translation>
    </message>
    <message>
        <source>{path} already holds an experiment or other files. Choose a new or empty folder.</source>
        <translation>{path} 里已经有一个实验或其他文件。请选择一个新的或空的文件夹。</translation>
    </message>
    <message>
        <source>{path} is not the text this run was trained on ({what}): choose the one it was trained on, or start a new run.</source>
        <translation>{path} 不是这次训练所用的文本（{what}）：请选择训练时用的那个文本，或开始一次新的训练。</translation>
    </message>
    <message>
        <source>{path}: a setting in the lesson is wrong: {problem}</source>
        <translation>{path}：课程中有一项设置不正确：{problem}</translation>
    </message>
    <message>
        <source>{path}: could not save ({reason}). Nothing already saved was lost.</source>
        <translation>{path}：无法保存（{reason}）。之前已保存的内容都没有丢失。</translation>
    </message>
    <message>
        <source>{path}: in the lesson, {field!s} must be {expected}, not {value}.</source>
        <translation>{path}：课程中的 {field!s} 必须是{expected}，而不是 {value}。</translation>
    </message>
    <message>
        <source>{path}: no run of this experiment finished, so there is nothing to choose.</source>
        <translation>{path}：这个实验没有一个训练完成，所以没有可选的模型。</translation>
    </message>
    <message>
        <source>{path}: none of the {skipped} files in this folder is a text file.</source>
        <translation>{path}：这个文件夹里的 {skipped} 个文件都不是文本文件。</translation>
    </message>
    <message>
        <source>{path}: only a GPT run can be exported to Hugging Face&apos;s format; this run&apos;s model kind is {kind}.</source>
        <translation>{path}：只有 GPT 训练记录才能导出为 Hugging Face 的格式；这个训练记录的模型类型是 {kind}。</translation>
    </message>
    <message>
        <source>{path}: the app cannot write here (the folder is read-only or you do not have permission). Choose another folder.</source>
        <translation>{path}：本应用无法写入这里（文件夹是只读的，或者你没有写入权限）。请选择另一个文件夹。</translation>
    </message>
    <message>
        <source>{path}: the disk is full, so this could not be saved. Free some space and try again; nothing already saved was lost.</source>
        <translation>{path}：磁盘已满，无法保存。请腾出一些空间后再试；之前已保存的内容都没有丢失。</translation>
    </message>
    <message>
        <source>{path}: the encoding of this file could not be recognised. Choose the encoding by hand, or save the file as UTF-8.</source>
        <translation>{path}：无法识别这个文件的编码。请手动选择编码，或把文件另存为 UTF-8。</translation>
    </message>
    <message>
        <source>{path}: the file cannot be read ({reason}).</source>
        <translation>{path}：无法读取这个文件（{reason}）。</translation>
    </message>
    <message>
        <source>{path}: the file changed while it was being read. Wait until it is saved completely, then load it again.</source>
        <translation>{path}：读取过程中，这个文件发生了变化。请等它完全保存好，再重新载入。</translation>
    </message>
    <message>
        <source>{path}: the file is empty, there is no text to learn from.</source>
        <translation>{path}：文件是空的，没有可以学习的文本。</translation>
    </message>
    <message>
        <source>{path}: the file is {size_mb:.0f} MB, more than the limit of {limit_mb:.0f} MB. Use a smaller part of it.</source>
        <translation>{path}：文件大小为 {size_mb:.0f} MB，超过了 {limit_mb:.0f} MB 的上限。请只使用其中较小的一部分。</translation>
    </message>
    <message>
        <source>{path}: the folder contains no text files.</source>
        <translation>{path}：文件夹里没有文本文件。</translation>
    </message>
    <message>
        <source>{path}: the lesson file is {size_mb:.1f} MB, more than the limit of {limit_mb:.0f} MB for a lesson.</source>
        <translation>{path}：课程文件大小为 {size_mb:.1f} MB，超过了课程文件 {limit_mb:.0f} MB 的上限。</translation>
    </message>
    <message>
        <source>{path}: the lesson has a field this app does not know: {field!s}. The fields it can have here are: {choices}.</source>
        <translation>{path}：课程中有一个本应用不认识的字段：{field!s}。这里可以使用的字段有：{choices}。</translation>
    </message>
    <message>
        <source>{path}: the lesson lacks {field!s}, which every lesson needs.</source>
        <translation>{path}：课程缺少 {field!s}，而每个课程都必须有这一项。</translation>
    </message>
    <message>
        <source>{path}: the lesson points to a file or folder ({field!s}). A lesson must carry its text inside it, or name a sample, so that it works on every student&apos;s computer.</source>
        <translation>{path}：课程指向了一个文件或文件夹（{field!s}）。课程必须把文本直接存放在课程文件里，或者指定一份示例语料，这样才能在每位学生的电脑上使用。</translation>
    </message>
    <message>
        <source>{path}: the lesson uses a sample called {name!s}, which this app does not have. The samples are: {choices}.</source>
        <translation>{path}：课程使用了名为 {name!s} 的示例语料，但本应用里没有。可用的示例有：{choices}。</translation>
    </message>
    <message>
        <source>{path}: the run folder is damaged ({reason}).</source>
        <translation>{path}：训练记录文件夹已损坏（{reason}）。</translation>
    </message>
    <message>
        <source>{path}: the text could not be read as {encoding}. Choose another encoding, or save the file as UTF-8.</source>
        <translation>{path}：无法按 {encoding} 编码读取这段文本。请换一种编码，或把文件另存为 UTF-8。</translation>
    </message>
    <message>
        <source>{path}: there is no file or folder with this name.</source>
        <translation>{path}：没有这个名字的文件或文件夹。</translation>
    </message>
    <message>
        <source>{path}: there is no run folder here.</source>
        <translation>{path}：这里没有训练记录文件夹。</translation>
    </message>
    <message>
        <source>{path}: this file is UTF-8 but has {count} damaged byte(s), the first at byte {position}. Choose the encoding &quot;UTF-8 (replace damaged bytes)&quot; (utf-8:replace) to read it anyway.</source>
        <translation>{path}：这个文件是 UTF-8 编码，但有 {count} 个损坏的字节，第一个在第 {position} 字节。如果仍要读取，请选择编码“UTF-8（替换损坏的字节）”（&quot;utf-8:replace&quot;）。</translation>
    </message>
    <message>
        <source>{path}: this file is not read again to continue the run ({reason}). Name the text to continue it with yourself: lmstudio-app train --resume {run} FILE</source>
        <translation>{path}：继续训练时不会再次读取这个文件（{reason}）。请自己指定用来继续训练的文本：&quot;lmstudio-app train --resume {run} FILE&quot;</translation>
    </message>
    <message>
        <source>{path}: this is not a lesson file this app can read ({reason}).</source>
        <translation>{path}：这不是本应用能读取的课程文件（{reason}）。</translation>
    </message>
    <message>
        <source>{path}: this is not a regular file (it is {kind}).</source>
        <translation>{path}：这不是普通文件（它是{kind}）。</translation>
    </message>
    <message>
        <source>{path}: this is not a text file (it looks like {kind}).</source>
        <translation>{path}：这不是文本文件（看起来像是{kind}）。</translation>
    </message>
    <message>
        <source>{path}: this is not a tokenizer file this app can read ({reason}).</source>
        <translation>{path}：这不是本应用能读取的分词器文件（{reason}）。</translation>
    </message>
    <message>
        <source>{path}: this is not an ARPA language model file this app can read ({reason}).</source>
        <translation>{path}：这不是本应用能读取的 ARPA 语言模型文件（{reason}）。</translation>
    </message>
    <message>
        <source>{path}: this lesson was saved by a newer version of the app (format {version}); update the app to open it.</source>
        <translation>{path}：这个课程是由更新版本的应用保存的（格式 {version}）；请更新应用后再打开。</translation>
    </message>
    <message>
        <source>{path}: this mix is made of the run {part}, which is not there any more; put it back, or mix the runs again.</source>
        <translation>{path}：这个混合由训练记录 {part} 组成，但它已不在原处；请把它放回去，或重新混合这些训练记录。</translation>
    </message>
    <message>
        <source>{path}: this run has nothing to continue from (it stopped before anything was saved). Start it again instead.</source>
        <translation>{path}：这个训练记录没有可以继续的内容（它在保存任何东西之前就停止了）。请重新开始训练。</translation>
    </message>
    <message>
        <source>{path}: this run holds a {kind} model; only n-gram models can be saved as ARPA files.</source>
        <translation>{path}：这个训练记录保存的是 {kind} 模型；只有 n 元语法模型才能保存为 ARPA 文件。</translation>
    </message>
    <message>
        <source>{path}: this run is being trained by another window or program. Wait until it finishes, or stop it there first.</source>
        <translation>{path}：另一个窗口或程序正在训练这个训练记录。请等那边训练结束，或者先在那边把它停止。</translation>
    </message>
    <message>
        <source>{path}: this run was saved by a newer version of the app (format {version}); update the app to open it.</source>
        <translation>{path}：这个训练记录是由更新版本的应用保存的（格式 {version}）；请更新应用后再打开。</translation>
    </message>
    <message>
        <source>{path}: this run&apos;s model is of the kind {kind}, which has no attention to show; only transformer (gpt) models have.</source>
        <translation>{path}：这个运行的模型属于 {kind} 类，没有注意力可以显示；只有 Transformer（gpt）模型才有。</translation>
    </message>
    <message>
        <source>{path}: you do not have permission to read this file.</source>
        <translation>{path}：你没有读取这个文件的权限。</translation>
    </message>
    <message>
        <source>{path}: {count} words of this language model are not in the tokenizer (for example {examples}). Import it with the tokenizer it was built with.</source>
        <translation>{path}：这个语言模型中有 {count} 个词不在分词器里（例如 {examples}）。请连同构建它时所用的分词器一起导入。</translation>
    </message>
    <message>
        <source>{path}: {field!s} in the lesson names a setting that does not exist: {name!s}. The settings there are: {choices}.</source>
        <translation>{path}：课程中的 {field!s} 提到了一个不存在的设置：{name!s}。这里可用的设置有：{choices}。</translation>
    </message>
    <message>
        <source>{path}: {kind} models are counted in one go, so this run has nothing to continue. Train a new one instead.</source>
        <translation>{path}：{kind} 模型是一次统计得来的，这次训练没有可以继续的部分。请训练一个新的。</translation>
    </message>
    <message>
        <source>{path}: {what}</source>
        <translation>{path}：{what}</translation>
    </message>
    <message>
        <source>{shown} has no format version</source>
        <translation>{shown} 没有格式版本号</translation>
    </message>
    <message>
        <source>{shown} is damaged</source>
        <translation>{shown} 已损坏</translation>
    </message>
    <message>
        <source>{shown} is missing</source>
        <translation>{shown} 不存在</translation>
    </message>
    <message>
        <source>{shown} is not valid JSON</source>
        <translation>{shown} 不是有效的 JSON</translation>
    </message>
    <message>
        <source>{spec} setting {name!r}</source>
        <translation>{spec} 的设置项 {name!r}</translation>
    </message>
    <message>
        <source>{target} already exists and is not an empty folder. Choose a new folder name, or an empty folder.</source>
        <translation>{target} 已经存在，而且不是空文件夹。请换一个新的文件夹名字，或选一个空文件夹。</translation>
    </message>
    <message>
        <source>{target} already exists. Choose another name or folder.</source>
        <translation>{target} 已经存在。请换一个名字或文件夹。</translation>
    </message>
    <message>
        <source>{target}: this is inside the run folder {path}. Choose a place outside the run folder, so that none of the run&apos;s own files is overwritten.</source>
        <translation>{target}：这个位置在训练记录文件夹 {path} 里面。请选择训练记录文件夹之外的位置，以免覆盖训练记录自己的文件。</translation>
    </message>
    <message>
        <source>唐诗三百首 Tang poems</source>
        <translation>唐诗三百首</translation>
    </message>
    <message>
        <source>论语 Analects</source>
        <translation>论语</translation>
    </message>
    <message>
        <source>诗经 Book of Songs</source>
        <translation>诗经</translation>
    </message>
</context>
</TS>

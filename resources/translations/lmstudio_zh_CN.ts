<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ComparisonTable</name>
    <message>
        <source>The same text cut by each kind of tokenizer: fewer tokens means shorter sequences for the model, but a bigger vocabulary.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokenizer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How the text is cut</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{kind} cuts this text into {count} tokens.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each chip is one token; ␣ is a space, ↵ a new line.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CorpusPage</name>
    <message>
        <source>Corpus</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The text the model learns from. Pick a sample, or open your own text files (any encoding) or a whole folder of them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Texts that come with the app, ready to use.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a sample…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open corpus…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open one or more text files of your own.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a folder: every text file in it and its sub-folders is read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sample:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How the bytes of the file are turned into characters. The app guesses; if the preview shows nonsense characters, choose the right one here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read as:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The beginning of the text, as the app read it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Letters, spaces, punctuation: everything.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How many lines the text has.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Words</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Runs of letters between spaces; each Chinese character counts as one word.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Different characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How many different characters occur: the size of a character vocabulary.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scripts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Which writing systems the text uses.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The characters that occur most often.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Character</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Count</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training, validation and test parts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The part the model learns from.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Validation %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Held back to check, during training, how well the model does on text it has not seen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Held back until the end, for a final, honest score.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>End of the text held out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Random lines held out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Holding out the end of the text is how language models are usually tested; random lines suit lists such as names or poems.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a text first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open corpus</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text files (*.txt *.md *.csv *.tsv *.json);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the text…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The text could not be loaded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loaded {name}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} — read as {encoding}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Latin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chinese/Japanese/Korean</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>other</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{count} files were skipped (hidden, empty or not text).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The three parts must add up to 100 %; now they add up to {total} %.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training: {train:,} characters · validation: {valid:,} · test: {test:,}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DropZone</name>
    <message>
        <source>Drop a text file or a folder of text files here to load it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drop a text file or a folder here</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>GeneratePage</name>
    <message>
        <source>Generate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the model the start of a text and let it go on. At every step it gives each possible next token a probability, and one is drawn at random.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The trained model that writes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A second model that writes beside the first, from the same prompt.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare with:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prompt and settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The start of the text, for example: To be or</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model goes on from this text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prompt:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write a whole text, token after token.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop writing now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add one token and show the probabilities of the next one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go back to the prompt alone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What could come next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Press Step to see the ten most likely next tokens. Click one to choose it yourself instead of letting chance decide.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train a model or open a run first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Written by {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>after “{text}”</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HelpDialog</name>
    <message>
        <source>Help</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LossPlot</name>
    <message>
        <source>Show perplexity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Perplexity is e to the power of the loss: how many tokens the model hesitates between, on average. A perplexity of 10 means the model is as unsure as if it picked among 10 equally likely tokens.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log scale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Space the vertical axis by powers of ten, so that small improvements late in training stay visible next to the big drop at the start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Average each point with the ones before it to see the trend through the noise. The unsmoothed curve stays faint behind. Only the drawing changes, not the training.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Smoothing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How wrong the model&apos;s guesses are, step after step: lower is better. Drag to move, scroll to zoom, right-click for more.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>validation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The loss curve appears here once training starts. Lower is better.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>perplexity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>loss (nats per token)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Language Model Studio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The steps, in order. A tick means the step is done.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening {step}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading the training engine…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start again with nothing chosen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;corpus…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open text files to learn from.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a folder of text files to learn from.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;run…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a run folder saved earlier, to generate text or compare.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save run as…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the current run folder somewhere, to keep it or hand it to a class.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings of the app.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close the app.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How to use the app, step by step.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the &amp;log folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where the app writes details of problems, for reporting them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version and licence.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go to the {step} step.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Main</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open run folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save run into folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Started again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing opened yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The training engine is ready ({engine}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About Language Model Studio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;Language Model Studio {version}&lt;/h3&gt;&lt;p&gt;See how a language model learns: from text to tokens, to a trained model, to generated text.&lt;/p&gt;&lt;p&gt;Free software under the MIT licence. The sample texts keep their own licences (see the samples&apos; SOURCES file).&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training is running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A model is training. Stop it? What it has learned so far is kept in its run folder, and it can be resumed later.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ModelPage</name>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose what kind of model learns the text, and how big it is. Every setting explains itself when you hover over it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The kind of model: counting (n-gram) or a neural network that reads token by token (RNN, LSTM, GRU).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ready-made settings; you can change any of them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>custom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preset:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model family:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>n-gram settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show advanced settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the settings most people never need to change.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size and cost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How many numbers the model learns.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory while training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About how much memory training needs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time per epoch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About how long one pass over the training text takes on this computer&apos;s processor. The real speed is shown once training starts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Build a tokenizer first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>one count per distinct run of up to {n} tokens in the text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>about {size}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>about {time} to count</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>about {time}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>– (build a tokenizer first)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where new runs are saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pick the folder where new runs are saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save runs in:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save runs in</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProbabilityBars</name>
    <message>
        <source>The tokens the model thinks could come next, most likely first. Click one, or use the arrow keys and Enter, to write it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt; 0.1 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{value} %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No prediction yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“{token}”: {percent} (id {id})</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RunsPage</name>
    <message>
        <source>Runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every model trained in this session, and every run folder you open. Select several to compare their loss curves.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open run…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a run folder saved earlier.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use for generation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write text with the selected run.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the selected run folder elsewhere.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove from list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take the run off this list; its folder stays on disk.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the selected run folder from disk.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click a column title to sort by it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No runs yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open run folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opened the run {name}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not copy the run to {target}: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied the run to {target}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export run into folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete {count} run folder(s) from the disk? This cannot be undone.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SpecForm</name>
    <message>
        <source>{label} ({unit})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choices: {choices}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Allowed: from {low} to {high}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Allowed: {low} or more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Allowed: up to {high}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, or {special} for automatic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>automatic</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SurprisalLegend</name>
    <message>
        <source>Surprisal measures how unexpected a token was, in bits: each extra bit means the model thought it half as likely. 1 bit is a coin toss; 10 bits is about one chance in a thousand.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>green: the model expected this; red: it surprised the model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{bits} bits</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SurprisalText</name>
    <message>
        <source>Green tokens were expected by the model, red ones surprised it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>p = {percent} %, surprisal {bits} bits</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TokenPlayground</name>
    <message>
        <source>Type or paste some text here…</source>
        <extracomment>Texts longer than this are cut before encoding, so a pasted book stays responsive.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type anything: the tokens below change as you type.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>As the model sees it, one colour per token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Build a tokenizer to see how this text is cut into tokens.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This text could not be encoded: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only the first {count} characters are shown.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 character</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{count} characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{count} tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{ratio} characters per token</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TokenView</name>
    <message>
        <source>Each coloured patch is one token. Hover a token to see its id.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>id {id} · &quot;{token}&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{count} tokens for “{text}”:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>… {count} more</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TokenizerPage</name>
    <message>
        <source>Tokenizer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A model does not read letters or words directly: it reads tokens, numbered pieces of text. Choose how the text is cut into tokens and see the result.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show advanced settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the settings most people never need to change.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Build tokenizer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Learn the vocabulary from the training text and cut every part into tokens.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop building the tokenizer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Try it: type and see the tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare all kinds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cut the text above with every kind of tokenizer, side by side.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vocabulary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How many different tokens there are.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How many tokens each part of the text becomes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Characters per token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How much text one token holds on average: more means shorter sequences.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The share of validation tokens that are &lt;unk&gt;: text the vocabulary cannot represent, which the model can never predict.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gives the text back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Whether turning the tokens back into text gives exactly the original.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The most frequent tokens in the training text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Count</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Share</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a text on the Corpus page first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Build a tokenizer first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Building the tokenizer…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Building the tokenizer was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokenizer ready: {count:,} tokens in its vocabulary.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes, exactly</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{share:.0%} of lines exactly (spacing or unknown tokens change)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrainPage</name>
    <message>
        <source>Train</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training shows the model the text again and again; each step nudges it to predict the next token a little better. Watch the loss fall: lower is better.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Counting was stopped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start training a new model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause training; nothing is lost and you can resume.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go on training after a pause.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop training now. The model keeps what it has learned.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Max training steps:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop after this many steps (0: use the time limit and epochs from the Model page).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How many updates the model has had.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How many times the model has read the whole training text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How surprised the model is by the next token, on average: lower is better.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How many tokens the model reads per second.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About how long until training ends.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the model writes now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A short text the model wrote at the last check. Watch it improve.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What happened during training, step by step.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Build a tokenizer first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing trained yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Build a tokenizer on the Tokenizer page first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Counting {order}-grams with {smoothing} smoothing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training a {family} ({hidden} hidden, {layers} layer(s)) into {folder}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paused.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resumed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Validation: loss {loss:.3f} nats per token · perplexity {ppl:.2f} · {bpc:.3f} bits per character</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step {step}: validation loss {loss:.3f} (perplexity {ppl:.1f}){best}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, the best so far</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved a checkpoint at step {step}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training failed: {message}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>step {step:,}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>epoch {epoch:.2f}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>loss {loss:.3f}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{speed:,.0f} tokens/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>about {time} left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finished: {reason}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Counted {tokens:,} tokens in {seconds:.1f} s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{part} perplexity: {ppl:.2f}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Validation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ZipfPlot</name>
    <message>
        <source>Each point is a token: how often it occurs against its rank (1 = most common). Both axes grow by powers of ten.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>your text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zipf&apos;s law (slope −1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zipf&apos;s law: in most texts the 2nd most common token appears about half as often as the 1st, the 3rd about a third as often, and so on. On these axes that is the dashed straight line.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rank</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>count</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>core</name>
    <message>
        <source>305 poems of the Book of Songs, simplified characters, one poem a line.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>32,033 first names, one a line. A model learns to invent new, plausible names.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>40,000 lines from Shakespeare&apos;s plays (1.1 MB). The classic for character models.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>5,000 Tang poems</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>5,003 Tang poems, traditional characters, one poem a line (0.9 MB).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A few minutes: the default, a good model for a lesson.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A token must occur at least this often in the training text to be kept; rarer ones become &lt;unk&gt; (or are spelled in smaller pieces).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>BERT&apos;s sub-word method: pieces that continue a word start with ##.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batching</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Beginning token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Below 1 the model plays safe and repeats its favourite choices; above 1 it takes risks and surprises. 0 always takes the most likely token.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Byte-pair encoding over bytes, as GPT-2 does: any text at all can be encoded, with no unknown tokens.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Byte-pair encoding: starts from characters and repeatedly merges the most frequent pair, so common words are one token and rare words are spelled in pieces.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose only among the k most likely tokens. 0 means no limit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose only among the most likely tokens whose probabilities add up to p (nucleus sampling). 1 means no limit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Counted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Counting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Counting {n}-grams</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decay after epoch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Divide by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dropout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each character is a token. Small vocabulary, long sequences; nothing is ever unknown.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each word and each punctuation mark is a token. Rare words become &lt;unk&gt;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Early stopping</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Embedding size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Encoding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>End token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evaluate every</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fills up short sequences.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Final learning rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First names</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>For add-k smoothing: the count added to every possible next token. 1 is Laplace smoothing; smaller values trust the counts more.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>For cosine: the learning rate at the end, as a share of the starting one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>For cosine: the learning rate grows from 0 over this many steps first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>For decay: the learning rate is divided after each epoch from this one on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>For plateau and decay: the learning rate is divided by this each time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gradient clipping</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hidden size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How big the steps are. Too small learns slowly; too large and the loss jumps around or becomes NaN. Adam likes about 0.001 to 0.005, sgd about 1 to 20.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How many different tokens the tokenizer may have, special tokens included. 0 chooses for you: every character or word that occurs, or a size that suits the length of the text for sub-word kinds.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How many numbers describe each token when it enters the network.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How many numbers the network uses to remember what it has read so far. Larger remembers more but learns more slowly per second.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How many processor cores to train with. 0 uses all of them (the fastest).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How many recurrent layers are stacked, each reading the one below.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How many streams of text are read side by side at each step.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How many tokens of text the model writes at each evaluation, to show progress.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How many tokens the model looks at: it predicts the next token from the n-1 tokens before it. 1 ignores the context; 3 (a trigram model) looks two tokens back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How many tokens the network reads before its weights are updated (backpropagation through time is cut there).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How many tokens to write at most.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How probability is saved for what never occurred in the text. mle trusts the counts alone (anything unseen is impossible); add-k adds k to every count; witten-bell and kneser-ney mix in shorter contexts, kneser-ney best of all.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How the text is cut into tokens, the units the model reads and writes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How the weights move: sgd takes plain steps downhill; adam and adamw adapt the step size of each weight and are forgiving of the learning rate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Learning-rate schedule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Longer (20 to 30 minutes): a larger network for a better model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lowercase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Marks the end of a line or text; a model that writes it has finished.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Marks the start of a text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Measure the loss on the validation text every this many steps (and at the end of each epoch). 0 means only at the end of each epoch.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Minimum frequency</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model family</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No text was given: choose a file, a folder or a sample.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One sentence per line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Order (n)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Padding token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pulls every weight a little towards 0 at each step, against memorising.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read all files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the ARPA file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sample length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save every</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save what is needed to continue training this often. 0 saves only at the end.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Say where to save the run, with --out FOLDER.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scoring the test text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scoring the validation text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SentencePiece&apos;s method: keeps the pieces that make the text most probable; ▁ marks a space.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sequence length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Smoothing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Splits only on spaces, for text that is already cut into words (such as the Penn Treebank).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stands for anything not in the vocabulary.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop after reading the training text this many times. 0 means no limit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop after this many minutes of training. 0 means no limit. When it is the only limit, the cosine schedule follows the clock.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop after this many steps. 0 means no limit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop at</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop early at the end of a line, at the end token, or never.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop when the validation loss has not improved for this many evaluations in a row. 0 means never stop early.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The Analects of Confucius, simplified characters, one paragraph a line.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The device {device!s} is not available on this computer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The largest allowed length of a step&apos;s gradient; longer ones are shortened. Keeps one unlucky batch from wrecking the model. 0 switches it off.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model is too large for this computer&apos;s memory ({detail}). Choose a smaller model or batch size.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The same seed gives the same text again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The same seed, settings and text give the same training again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The share of numbers switched off at random while training (on the embeddings, between layers and before the output). It fights memorising the training text; useful for large models on small texts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The split fractions {fractions} must be positive and add up to 1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The text is empty, there is nothing to learn from.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The text is too short to split: the {split} part would be empty. Use a longer text or a larger {split} fraction.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The text this run was trained on has changed since ({what}). Continue it with the same text, or start a new run.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The vocabulary size must be between {low} and {high}, not {value}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The {split} text has {tokens} tokens, too short for one training window of {needed}. Use a longer text or a shorter sequence length.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no sample called {name!s}. The samples are: {choices}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Threads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Three Hundred Tang Poems, traditional characters, one poem a line.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tie input and output</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tiny Shakespeare</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokenizer kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Top-k</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Top-p</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training stopped at step {step}: the loss became {value}. The learning rate ({lr:g}) is probably too high; try a smaller one. The last good weights were kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Treat each line as a sentence that starts with &lt;s&gt; and ends with &lt;/s&gt;, as the Penn Treebank is scored. Off: the whole text is one long stream.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Turn all text into lower case first. A smaller vocabulary, but capitals are lost.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Under a minute: a small network that already writes word-like text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use at most this many tokens of the validation text for each evaluation, so that it stays quick on a large text. 0 means all of it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use the same table of numbers to read tokens and to write them. Fewer parameters, often a better model on words. When the hidden size differs from the embedding size, a small projection is added.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Validation tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vocabulary size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warm-up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weight decay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where to compute: cpu, an NVIDIA graphics card (cuda), an Apple one (mps), or auto (a graphics card if there is one, else the processor).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Writing {n}-grams</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a 7-Zip archive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a GIF image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a JPEG image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a JSON object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a PDF document</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a PNG image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a Python pickle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a RAR archive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a Windows program</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a ZIP archive or an Office document</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a bzip2 archive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a gzip archive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a program</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a whole number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>adam</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>adamw</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>add-k</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>add-k (Laplace at k = 1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an MP3 audio file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an XZ archive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an audio or video file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an empty ZIP archive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an old Office document</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>at least {low}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>at most {high}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>auto</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>between {low} and {high}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>binary data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bpe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bytebpe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>char</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>checkpoint state: {exc}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>checkpoint/latest.json is damaged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>checkpoint/{name}/{file} is missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>constant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>constant keeps it; plateau divides it when the validation loss stops improving; decay divides it after every epoch from a given epoch on; cosine warms up, then lowers it smoothly until the end of training.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>contiguous</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>contiguous reads the text in order, in parallel streams, and carries the memory from one window to the next; random picks windows anywhere and starts each with an empty memory.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cosine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cpu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cuda</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>decay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>eos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>epochs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>evaluations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>gru</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>interpolated Witten-Bell</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>interpolated modified Kneser-Ney</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>k (add-k)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kneser-ney</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lstm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>maximum likelihood (no smoothing)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>minutes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no {token} token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>one of {choices}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optimizer state: {exc}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>plateau</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>random</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rnn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rnn is the simplest recurrent network and forgets quickly; lstm and gru have gates that decide what to remember, so they keep track of longer contexts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>run.json has no format version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>run.json lacks {key!r}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>seconds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sgd</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>simple RNN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the checkpoint is not a readable safetensors file ({error_type})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the checkpoint lacks the memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unigram</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown model kind {kind!r}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>validation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>whitespace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>witten-bell</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>word</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>wordpiece</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes or no</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{allowed} or {special}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{encoding!s} is not an encoding this app knows.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{kind!s} is not a tokenizer kind. The kinds are: {choices}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{label} cannot be changed when continuing a run; start a new run to change it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{label} must be {expected}, not {value}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is not an object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is not valid JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name}: {exc}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{path} already holds a run. Choose another folder for the new one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{path} already holds a run. Choose another folder, or continue that run with --resume {path}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{path}: could not save ({reason}). Nothing already saved was lost.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{path}: none of the {skipped} files in this folder is a text file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{path}: the encoding of this file could not be recognised. Choose the encoding by hand, or save the file as UTF-8.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{path}: the file cannot be read ({reason}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{path}: the file is empty, there is no text to learn from.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{path}: the file is {size_mb:.0f} MB, more than the limit of {limit_mb:.0f} MB. Use a smaller part of it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{path}: the folder contains no text files.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{path}: the run folder is damaged ({reason}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{path}: the text could not be read as {encoding}. Choose another encoding, or save the file as UTF-8.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{path}: there is no file or folder with this name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{path}: there is no run folder here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{path}: this is not a text file (it looks like {kind}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{path}: this is not a tokenizer file this app can read ({reason}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{path}: this is not an ARPA language model file this app can read ({reason}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{path}: this run has nothing to continue from (it stopped before anything was saved). Start it again instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{path}: this run holds a {kind} model; only n-gram models can be saved as ARPA files.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{path}: this run was saved by a newer version of the app (format {version}); update the app to open it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{path}: you do not have permission to read this file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{path}: {count} words of this language model are not in the tokenizer (for example {examples}). Import it with the tokenizer it was built with.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{shown} has no format version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{shown} is damaged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{shown} is missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{shown} is not valid JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{spec} setting {name!r}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>唐诗三百首 Tang poems</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>论语 Analects</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>诗经 Book of Songs</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>

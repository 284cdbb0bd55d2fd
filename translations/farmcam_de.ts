<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>AppController</name>
    <message>
        <location filename="../ui/appcontroller.cpp" line="149"/>
        <source>Keyring</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/appcontroller.cpp" line="163"/>
        <source>The demo needs a temporary folder: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AppSettings</name>
    <message>
        <location filename="../core/model/appsettings.cpp" line="343"/>
        <source>The settings could not be saved to %1. Check that the folder exists and that you may write to it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/appsettings.cpp" line="349"/>
        <source>The settings file %1 is damaged and could not be read.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CameraSource</name>
    <message>
        <location filename="../core/camera/camerasource.cpp" line="134"/>
        <source>Stopped</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CertificateCheck</name>
    <message>
        <location filename="../core/net/certificatecheck.cpp" line="15"/>
        <source>The host did not complete a TLS handshake in time.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CertificateReviewDialog</name>
    <message>
        <location filename="../ui/certificatereviewdialog.cpp" line="7"/>
        <source>Certificate changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/certificatereviewdialog.cpp" line="8"/>
        <source>%1 presented a different certificate than the one FarmCam saw before. Its access code was not sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/certificatereviewdialog.cpp" line="15"/>
        <source>&lt;p&gt;Trust the new certificate only if you reset, updated or replaced this printer. Otherwise another device on your network may be posing as it.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Saved:&lt;/b&gt;&lt;br&gt;&lt;code&gt;%1&lt;/code&gt;&lt;/p&gt;&lt;p&gt;&lt;b&gt;Presented now:&lt;/b&gt;&lt;br&gt;&lt;code&gt;%2&lt;/code&gt;&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/certificatereviewdialog.cpp" line="19"/>
        <source>&amp;Trust new certificate</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConnectionProbe</name>
    <message>
        <location filename="../core/net/connectionprobe.cpp" line="113"/>
        <source>No JPEG stream there; trying RTSPS on port %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/connectionprobe.cpp" line="121"/>
        <source>Neither camera kind answered. JPEG stream: %1 RTSPS: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/connectionprobe.cpp" line="146"/>
        <source>Connected and logged in, but the picture could not be decoded (%1 bytes received).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConnectionTestPanel</name>
    <message>
        <location filename="../ui/connectiontestpanel.cpp" line="32"/>
        <source>&amp;Test connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connectiontestpanel.cpp" line="35"/>
        <source>Cancel t&amp;est</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connectiontestpanel.cpp" line="105"/>
        <source>Connects to the camera once and shows its first picture.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connectiontestpanel.cpp" line="106"/>
        <source>Enter a valid address, port and access code first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connectiontestpanel.cpp" line="140"/>
        <source>Connecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connectiontestpanel.cpp" line="151"/>
        <source>Test cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connectiontestpanel.cpp" line="172"/>
        <source>Fetches one picture to check the address and the access code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connectiontestpanel.cpp" line="184"/>
        <source>The camera works</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connectiontestpanel.cpp" line="189"/>
        <source>First picture received: %1 × %2 pixels, %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/connectiontestpanel.cpp" line="195"/>
        <source>The printer serves its camera as: %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DemoFarm</name>
    <message>
        <location filename="../sim/demofarm.cpp" line="159"/>
        <source>The demo printer “%1” could not listen on 127.0.0.1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../sim/demofarm.cpp" line="218"/>
        <source>print status over MQTT from a mosquitto broker on 127.0.0.1:%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../sim/demofarm.cpp" line="226"/>
        <source>print status in-process</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../sim/demofarm.cpp" line="228"/>
        <source>print status in-process (mosquitto is not installed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../sim/demofarm.cpp" line="229"/>
        <source>print status in-process (the mosquitto broker did not start: %1)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DiscoveryListener</name>
    <message>
        <location filename="../core/net/discoverylistener.cpp" line="141"/>
        <source>UDP port %1 is held by another program that does not share it, so printers cannot be found automatically: add them by their address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/discoverylistener.cpp" line="144"/>
        <source>Cannot listen for printers on UDP port %1: %2.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EmptyStateWidget</name>
    <message>
        <location filename="../ui/emptystatewidget.cpp" line="14"/>
        <source>Add printer…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/emptystatewidget.cpp" line="15"/>
        <source>Try the demo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/emptystatewidget.cpp" line="23"/>
        <source>Watch all your printers at once</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/emptystatewidget.cpp" line="32"/>
        <source>Add a Bambu Lab printer (P1, A1, X1, H2 and others) with its IP address and the access code shown on the printer&apos;s screen (Settings → Network). FarmCam shows every camera live in one window.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/emptystatewidget.cpp" line="55"/>
        <source>Opens a second window with four simulated printers; your own settings are not touched</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FailureClipRing</name>
    <message>
        <location filename="../core/record/failureclipring.cpp" line="269"/>
        <source>The disk is too slow for the camera: frames of the last minutes are missing (%1).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FarmHealth</name>
    <message>
        <location filename="../core/model/farmhealth.cpp" line="24"/>
        <source>No printers configured</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/farmhealth.cpp" line="27"/>
        <source>%1 of 1 camera live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/farmhealth.cpp" line="28"/>
        <source>%1 of %2 cameras live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/farmhealth.cpp" line="37"/>
        <source>idle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/farmhealth.cpp" line="39"/>
        <source>preparing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/farmhealth.cpp" line="42"/>
        <source>printing %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/farmhealth.cpp" line="44"/>
        <source>printing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/farmhealth.cpp" line="47"/>
        <source>paused for an error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/farmhealth.cpp" line="48"/>
        <source>paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/farmhealth.cpp" line="50"/>
        <source>print finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/farmhealth.cpp" line="52"/>
        <source>print failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/farmhealth.cpp" line="62"/>
        <source>1 print failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/farmhealth.cpp" line="65"/>
        <source>%1 prints failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/farmhealth.cpp" line="67"/>
        <source>1 paused for an error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/farmhealth.cpp" line="69"/>
        <source>%1 paused for an error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/farmhealth.cpp" line="72"/>
        <source>1 print finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/farmhealth.cpp" line="75"/>
        <source>%1 prints finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/farmhealth.cpp" line="115"/>
        <source>%1 · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/farmhealth.cpp" line="116"/>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/farmhealth.cpp" line="136"/>
        <source>FarmCam — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/farmhealth.cpp" line="146"/>
        <source>%1%</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FarmRecorder</name>
    <message>
        <location filename="../core/record/farmrecorder.cpp" line="147"/>
        <source>Not recording: %1 (process %2 on %3) already records into %4. Choose another folder in Preferences › Recordings.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FileCredentialStore</name>
    <message>
        <location filename="../core/model/filecredentialstore.cpp" line="63"/>
        <source>Access codes are stored in %1, readable only by you.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/filecredentialstore.cpp" line="81"/>
        <source>The access code cannot be stored for a printer without an id.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/filecredentialstore.cpp" line="158"/>
        <source>The access code could not be saved to %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/filecredentialstore.cpp" line="171"/>
        <source>its folder cannot be created.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/filecredentialstore.cpp" line="184"/>
        <location filename="../core/model/filecredentialstore.cpp" line="201"/>
        <source>its permissions cannot be restricted to you.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FrameAssembler</name>
    <message>
        <location filename="../core/protocol/frameassembler.cpp" line="104"/>
        <source>the printer announced an empty frame</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/protocol/frameassembler.cpp" line="107"/>
        <source>the printer announced a frame larger than the limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/protocol/frameassembler.cpp" line="110"/>
        <source>a frame did not start like a JPEG picture (ff d8)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/protocol/frameassembler.cpp" line="113"/>
        <source>a frame did not end like a JPEG picture (ff d9)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>GridWindow</name>
    <message>
        <location filename="../ui/gridwindow.cpp" line="159"/>
        <source>A printer announced itself as %1 at %2; not followed: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="165"/>
        <source>%1 moved from %2 to %3 (it announced its new address).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="192"/>
        <source>Double-click a camera to see it alone, Esc to come back · F11 for full screen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="205"/>
        <source>&amp;Add printer…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="207"/>
        <source>Add a printer by its address and access code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="210"/>
        <location filename="../ui/gridwindow.cpp" line="776"/>
        <location filename="../ui/gridwindow.cpp" line="833"/>
        <source>&amp;Snapshot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="214"/>
        <source>Snapshot a&amp;ll</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="218"/>
        <source>&amp;Open snapshot folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="221"/>
        <source>&amp;Preferences…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="226"/>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="231"/>
        <source>&amp;Full screen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="236"/>
        <source>Full &amp;view of selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="240"/>
        <location filename="../ui/gridwindow.cpp" line="855"/>
        <source>&amp;Back to grid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="244"/>
        <location filename="../ui/gridwindow.cpp" line="777"/>
        <location filename="../ui/gridwindow.cpp" line="864"/>
        <source>&amp;Edit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="248"/>
        <location filename="../ui/gridwindow.cpp" line="778"/>
        <location filename="../ui/gridwindow.cpp" line="895"/>
        <source>&amp;Remove…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="253"/>
        <location filename="../ui/gridwindow.cpp" line="869"/>
        <source>Re&amp;connect now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="258"/>
        <location filename="../ui/gridwindow.cpp" line="873"/>
        <source>Reconnecting to %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="263"/>
        <location filename="../ui/gridwindow.cpp" line="839"/>
        <source>Re&amp;cord</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="267"/>
        <source>Record the selected printer&apos;s camera until you stop it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="274"/>
        <location filename="../ui/gridwindow.cpp" line="532"/>
        <source>Start time&amp;lapse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="282"/>
        <source>Recor&amp;dings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="285"/>
        <source>Timelapses, failure clips and recordings of every printer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="290"/>
        <location filename="../ui/gridwindow.cpp" line="878"/>
        <source>Copy s&amp;tream URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="294"/>
        <location filename="../ui/gridwindow.cpp" line="883"/>
        <source>Copy sn&amp;apshot URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="300"/>
        <source>Sort by &amp;State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="304"/>
        <source>Show failed, paused and disconnected printers first, then finished, printing and idle ones</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="315"/>
        <source>Move &amp;Left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="318"/>
        <source>Move the selected printer one place towards the start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="320"/>
        <source>Move Ri&amp;ght</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="323"/>
        <source>Move the selected printer one place towards the end</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="326"/>
        <source>&amp;About FarmCam</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="339"/>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="350"/>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="358"/>
        <source>&amp;Columns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="361"/>
        <source>&amp;Automatic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="361"/>
        <source>&amp;%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="373"/>
        <source>&amp;Printer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="388"/>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="448"/>
        <source>Recording stopped: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="450"/>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="468"/>
        <source>Timelapse of %1 saved: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="474"/>
        <source>No timelapse of %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="482"/>
        <source>Failure clip of %1 saved: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="488"/>
        <source>No failure clip: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="498"/>
        <source>Recording into %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="532"/>
        <source>Finish time&amp;lapse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="536"/>
        <source>Stop taking pictures and make the video</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="540"/>
        <source>Take a picture per layer until you finish the timelapse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="541"/>
        <source>Take a picture every %1 s until you finish the timelapse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="544"/>
        <source>The timelapse of the print under way is being made</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="556"/>
        <source>Making the timelapse of %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="558"/>
        <source>Timelapse of %1 started: finish it in the Printer menu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="572"/>
        <source>Stopped recording %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="574"/>
        <source>Recording %1 into %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="762"/>
        <source>Sharing is not running: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="763"/>
        <source>Switch on sharing in Preferences › Sharing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="767"/>
        <source>The complete URL with the token, for Home Assistant, OctoPrint and the like</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="776"/>
        <source>&amp;Snapshot of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="777"/>
        <source>&amp;Edit %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="778"/>
        <source>&amp;Remove %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="1243"/>
        <source>Showing %1 alone: Esc for all printers · F11 for full screen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="1297"/>
        <source>&lt;h3&gt;FarmCam %1&lt;/h3&gt;&lt;p&gt;Live chamber cameras of many Bambu Lab printers (P1, A1, X1, H2 and others) in one window.&lt;/p&gt;&lt;p&gt;FarmCam talks to your printers directly on your local network. %2&lt;/p&gt;&lt;p&gt;Built with Qt %3.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="785"/>
        <source>FarmCam</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="785"/>
        <source>Demo — FarmCam</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="817"/>
        <source>%1
Click to choose another address or port.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="818"/>
        <source>The cameras are shared at %1
Click for Preferences › Sharing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="858"/>
        <source>Full &amp;view</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="917"/>
        <source>Switch on sharing in Preferences › Sharing first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="925"/>
        <source>No URL to copy: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="930"/>
        <source>Copied the stream URL of %1 (it contains the token).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="931"/>
        <source>Copied the snapshot URL of %1 (it contains the token).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="1002"/>
        <source>No picture from %1 yet — a snapshot can be saved once the camera has sent one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="1011"/>
        <source>Snapshot of %1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="1013"/>
        <source>Snapshot failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="1014"/>
        <source>The snapshot of %1 could not be saved.

%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="1018"/>
        <source>Saved %1 in %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="1059"/>
        <source>Select a printer first (click its picture), or use Snapshot all (Ctrl+Shift+S).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="1031"/>
        <source>Saved 1 snapshot in %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="1032"/>
        <source>Saved %1 snapshots in %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="1036"/>
        <source>no picture yet from %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="1040"/>
        <source>%1 failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="1042"/>
        <source>No printers to take snapshots of.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="1047"/>
        <source>Snapshots failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="1048"/>
        <source>Some snapshots could not be saved.

%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="1076"/>
        <source>Snapshot folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="1077"/>
        <source>The snapshot folder %1 does not exist and could not be created.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="1082"/>
        <source>Could not open %1 in a file manager.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="1106"/>
        <source>Added %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="1109"/>
        <source>Add printer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="1130"/>
        <source>Saved the settings of %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="1133"/>
        <source>Edit printer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="1156"/>
        <source>Certificate changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="1154"/>
        <source>Trusting the new certificate of %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="1171"/>
        <source>Remove printer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="1174"/>
        <source>Removed %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="1225"/>
        <source>The grid is sorted by state: switch View › Sort by State off (Ctrl+Shift+P) to arrange the printers yourself.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="1252"/>
        <source>There is no printer named %1 to show alone; showing all printers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/gridwindow.cpp" line="1291"/>
        <source>About FarmCam</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>JpegStreamCamera</name>
    <message>
        <location filename="../core/camera/jpegstream/jpegstreamcamera.cpp" line="25"/>
        <source>Not connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/jpegstream/jpegstreamcamera.cpp" line="35"/>
        <source>JPEG stream (port %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/jpegstream/jpegstreamcamera.cpp" line="46"/>
        <source>No printer address is set.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/jpegstream/jpegstreamcamera.cpp" line="48"/>
        <source>The camera port must be between 1 and 65535.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/jpegstream/jpegstreamcamera.cpp" line="79"/>
        <source>Connecting to %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/jpegstream/jpegstreamcamera.cpp" line="97"/>
        <source>Securing the connection…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/jpegstream/jpegstreamcamera.cpp" line="113"/>
        <source>Certificate changed: %1 presented a certificate other than the pinned one, so the access code was not sent. If the printer was reset or replaced, review and accept the new certificate; otherwise another device may be posing as the printer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/jpegstream/jpegstreamcamera.cpp" line="122"/>
        <source>Logging in…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/jpegstream/jpegstreamcamera.cpp" line="142"/>
        <source> (%1 bytes announced, at most %2 accepted)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/jpegstream/jpegstreamcamera.cpp" line="146"/>
        <source>Protocol error from %1: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/jpegstream/jpegstreamcamera.cpp" line="156"/>
        <source>Live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/jpegstream/jpegstreamcamera.cpp" line="169"/>
        <source>Access code rejected by %1 — check the code on the printer&apos;s screen. (If the code is right, turn on “LAN Only Liveview” in the printer&apos;s network settings.)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/jpegstream/jpegstreamcamera.cpp" line="178"/>
        <source>%1 closed the connection in the middle of a picture.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/jpegstream/jpegstreamcamera.cpp" line="181"/>
        <source>%1 closed the connection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/jpegstream/jpegstreamcamera.cpp" line="185"/>
        <source>%1 closed the connection before it was secured.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/jpegstream/jpegstreamcamera.cpp" line="202"/>
        <source>Host “%1” not found — check the printer&apos;s address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/jpegstream/jpegstreamcamera.cpp" line="206"/>
        <source>%1 refused the connection — the printer may be starting up, or “LAN Only Liveview” is off in its network settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/jpegstream/jpegstreamcamera.cpp" line="214"/>
        <source>Secure connection to %1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/jpegstream/jpegstreamcamera.cpp" line="220"/>
        <source>%1 did not answer in time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/jpegstream/jpegstreamcamera.cpp" line="224"/>
        <source>Printer unreachable at %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/jpegstream/jpegstreamcamera.cpp" line="234"/>
        <source>No answer from %1 within %2 s — is the printer on and on this network?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/jpegstream/jpegstreamcamera.cpp" line="239"/>
        <source>%1 accepted the connection but did not complete the secure handshake. A printer serves at most two camera viewers: close another one (Bambu Studio, Bambu Handy, a second FarmCam).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/jpegstream/jpegstreamcamera.cpp" line="246"/>
        <source>Logged in to %1, but no picture arrived within %2 s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/jpegstream/jpegstreamcamera.cpp" line="251"/>
        <source>No picture from %1 for %2 s — the connection stalled.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>KeychainCredentialStore</name>
    <message>
        <location filename="../core/model/keychaincredentialstore.cpp" line="48"/>
        <source>The keyring did not answer within 1 second.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/keychaincredentialstore.cpp" line="49"/>
        <source>The keyring did not answer within %1 seconds.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/keychaincredentialstore.cpp" line="68"/>
        <source>This FarmCam was built without keyring support.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/keychaincredentialstore.cpp" line="99"/>
        <source>FarmCam is still opening your desktop&apos;s keyring.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/keychaincredentialstore.cpp" line="101"/>
        <source>Access codes are kept in your desktop&apos;s keyring (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/keychaincredentialstore.cpp" line="137"/>
        <source>The access code cannot be stored for a printer without an id.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/keychaincredentialstore.cpp" line="182"/>
        <source>FarmCam: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/keychaincredentialstore.cpp" line="223"/>
        <source>No keyring found (GNOME Keyring or KWallet).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/keychaincredentialstore.cpp" line="226"/>
        <source>The keyring is locked or refused access.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/keychaincredentialstore.cpp" line="229"/>
        <source>The keyring did not work (the log says why).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/keychaincredentialstore.cpp" line="249"/>
        <source>The keyring could not store the access codes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/keychaincredentialstore.cpp" line="322"/>
        <source>An access code could not be removed from the keyring%1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/keychaincredentialstore.cpp" line="324"/>
        <source>An access code could not be saved in the keyring%1. FarmCam uses it until it quits; enter it again once the keyring works.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/keychaincredentialstore.cpp" line="346"/>
        <source>FarmCam is still opening your desktop&apos;s keyring; try again in a moment.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LoginPacket</name>
    <message>
        <location filename="../core/protocol/loginpacket.cpp" line="78"/>
        <source>The user name is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/protocol/loginpacket.cpp" line="80"/>
        <source>The user name is longer than 32 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/protocol/loginpacket.cpp" line="83"/>
        <source>The user name may only contain printable ASCII characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/protocol/loginpacket.cpp" line="86"/>
        <source>The access code is empty. It is shown on the printer&apos;s screen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/protocol/loginpacket.cpp" line="89"/>
        <source>The access code is longer than 32 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/protocol/loginpacket.cpp" line="92"/>
        <source>The access code may only contain printable ASCII characters (letters, digits, symbols).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LoopbackBroker</name>
    <message>
        <location filename="../sim/loopbackbroker.cpp" line="160"/>
        <source>The mosquitto broker is not installed (Debian: apt install mosquitto).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../sim/loopbackbroker.cpp" line="163"/>
        <source>mosquitto_passwd is not installed (Debian: apt install mosquitto).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../sim/loopbackbroker.cpp" line="170"/>
        <source>No free port on 127.0.0.1 for the broker.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../sim/loopbackbroker.cpp" line="188"/>
        <source>The broker was never started.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../sim/loopbackbroker.cpp" line="233"/>
        <source>Could not create a temporary directory for the broker: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../sim/loopbackbroker.cpp" line="241"/>
        <source>Could not write the simulator&apos;s certificate and key for the broker.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../sim/loopbackbroker.cpp" line="250"/>
        <source>Could not write the broker&apos;s password file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../sim/loopbackbroker.cpp" line="256"/>
        <source>A broker login must be a user name without &apos;:&apos; and a password on one line.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../sim/loopbackbroker.cpp" line="270"/>
        <source>mosquitto_passwd could not hash the broker&apos;s passwords: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../sim/loopbackbroker.cpp" line="302"/>
        <source>Could not write the broker&apos;s configuration.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../sim/loopbackbroker.cpp" line="354"/>
        <source>mosquitto did not start on 127.0.0.1:%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../sim/loopbackbroker.cpp" line="396"/>
        <source>(no output)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LoopbackCamera</name>
    <message>
        <location filename="../core/camera/loopback/loopbackcamera.cpp" line="12"/>
        <source>Not connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/loopback/loopbackcamera.cpp" line="19"/>
        <source>In-process pictures</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/loopback/loopbackcamera.cpp" line="55"/>
        <source>Connecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/loopback/loopbackcamera.cpp" line="74"/>
        <source>Live</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MemoryCredentialStore</name>
    <message>
        <location filename="../core/model/memorycredentialstore.cpp" line="7"/>
        <source>Access codes are kept in memory only (demo).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/memorycredentialstore.cpp" line="24"/>
        <source>The access code cannot be stored for a printer without an id.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MjpegHttpCamera</name>
    <message>
        <location filename="../core/camera/mjpeghttp/mjpeghttpcamera.cpp" line="46"/>
        <source>Not connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/mjpeghttp/mjpeghttpcamera.cpp" line="56"/>
        <source>MJPEG over HTTPS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/mjpeghttp/mjpeghttpcamera.cpp" line="56"/>
        <source>MJPEG over HTTP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/mjpeghttp/mjpeghttpcamera.cpp" line="86"/>
        <source>The HTTP user name may not contain “:” or control characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/mjpeghttp/mjpeghttpcamera.cpp" line="88"/>
        <source>A token may not contain spaces: enter an HTTP user for a password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/mjpeghttp/mjpeghttpcamera.cpp" line="157"/>
        <source>Connecting to %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/mjpeghttp/mjpeghttpcamera.cpp" line="187"/>
        <source>Certificate changed: %1 presented a certificate other than the pinned one, so the token or password was not sent. If the server&apos;s certificate was renewed or replaced, review and accept the new one; otherwise another device may be posing as the server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/mjpeghttp/mjpeghttpcamera.cpp" line="227"/>
        <source>Asking %1 for the stream…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/mjpeghttp/mjpeghttpcamera.cpp" line="255"/>
        <source>%1 answered on a connection whose certificate was not checked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/mjpeghttp/mjpeghttpcamera.cpp" line="262"/>
        <source>no type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/mjpeghttp/mjpeghttpcamera.cpp" line="266"/>
        <source>%1 sent a multipart stream that does not say where its pictures part (no boundary in “%2”).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/mjpeghttp/mjpeghttpcamera.cpp" line="271"/>
        <source>%1 sent a single picture (%2), not an MJPEG stream: that is a snapshot URL. Use the server&apos;s stream URL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/mjpeghttp/mjpeghttpcamera.cpp" line="276"/>
        <source>%1 is not an MJPEG stream: it sent %2, not multipart/x-mixed-replace. Check the URL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/mjpeghttp/mjpeghttpcamera.cpp" line="282"/>
        <source>Waiting for the first picture…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/mjpeghttp/mjpeghttpcamera.cpp" line="300"/>
        <source>Live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/mjpeghttp/mjpeghttpcamera.cpp" line="311"/>
        <source> (at most %1 bytes accepted)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/mjpeghttp/mjpeghttpcamera.cpp" line="313"/>
        <source>Protocol error from %1: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/mjpeghttp/mjpeghttpcamera.cpp" line="334"/>
        <source>%1 ended the stream in the middle of a picture.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/mjpeghttp/mjpeghttpcamera.cpp" line="336"/>
        <source>%1 ended the stream.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/mjpeghttp/mjpeghttpcamera.cpp" line="347"/>
        <source>%1 asks for a token or a user name and password (%2) — enter them in the camera&apos;s settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/mjpeghttp/mjpeghttpcamera.cpp" line="352"/>
        <source>%1 rejected the token or password (%2) — check them in the camera&apos;s settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/mjpeghttp/mjpeghttpcamera.cpp" line="360"/>
        <source>No camera at %1 (%2) — check the URL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/mjpeghttp/mjpeghttpcamera.cpp" line="366"/>
        <source>%1 is busy (%2): it may be serving as many viewers as it allows, or have no picture yet. Trying again shortly.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/mjpeghttp/mjpeghttpcamera.cpp" line="375"/>
        <source>%1 sends the stream to another address (%2). Only redirects to the same server are followed: put the new address in the camera&apos;s settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/mjpeghttp/mjpeghttpcamera.cpp" line="384"/>
        <source>%1 answered %2 instead of a stream.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/mjpeghttp/mjpeghttpcamera.cpp" line="399"/>
        <source>%1 refused the connection — is the server running, and is the port right?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/mjpeghttp/mjpeghttpcamera.cpp" line="406"/>
        <source>Host “%1” not found — check the camera&apos;s URL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/mjpeghttp/mjpeghttpcamera.cpp" line="409"/>
        <source>%1 did not answer in time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/mjpeghttp/mjpeghttpcamera.cpp" line="414"/>
        <source>Secure connection to %1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/mjpeghttp/mjpeghttpcamera.cpp" line="423"/>
        <source>%1 closed the connection in the middle of a picture.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/mjpeghttp/mjpeghttpcamera.cpp" line="424"/>
        <source>%1 closed the connection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/mjpeghttp/mjpeghttpcamera.cpp" line="427"/>
        <source>%1 closed the connection before answering.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/mjpeghttp/mjpeghttpcamera.cpp" line="433"/>
        <source>%1 redirects in a way FarmCam does not follow (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/mjpeghttp/mjpeghttpcamera.cpp" line="439"/>
        <source>%1 does not answer like an HTTP server (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/mjpeghttp/mjpeghttpcamera.cpp" line="443"/>
        <source>Camera unreachable at %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/mjpeghttp/mjpeghttpcamera.cpp" line="453"/>
        <source>No answer from %1 within %2 s — is the server on and on this network?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/mjpeghttp/mjpeghttpcamera.cpp" line="461"/>
        <source>%1 sent no picture within %2 s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/mjpeghttp/mjpeghttpcamera.cpp" line="462"/>
        <source>%1 did not answer the request within %2 s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/mjpeghttp/mjpeghttpcamera.cpp" line="467"/>
        <source>No picture from %1 for %2 s — the stream stalled.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MjpegMultipartParser</name>
    <message>
        <location filename="../core/protocol/mjpegmultipartparser.cpp" line="516"/>
        <source>the stream&apos;s parts were read before its type was known</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/protocol/mjpegmultipartparser.cpp" line="519"/>
        <source>not an MJPEG stream (its type is not multipart/x-mixed-replace)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/protocol/mjpegmultipartparser.cpp" line="523"/>
        <source>the MJPEG stream does not say where its pictures part</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/protocol/mjpegmultipartparser.cpp" line="526"/>
        <source>a picture&apos;s headers were larger than the limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/protocol/mjpegmultipartparser.cpp" line="529"/>
        <source>a picture&apos;s Content-Length was not a number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/protocol/mjpegmultipartparser.cpp" line="532"/>
        <source>a picture was larger than the limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/protocol/mjpegmultipartparser.cpp" line="535"/>
        <source>the stream sent more than the limit without a picture boundary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/protocol/mjpegmultipartparser.cpp" line="539"/>
        <source>a picture did not start like a JPEG (ff d8)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/protocol/mjpegmultipartparser.cpp" line="542"/>
        <source>a picture did not end like a JPEG (ff d9)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MosquittoClient</name>
    <message>
        <location filename="../core/net/mosquittoclient.cpp" line="312"/>
        <source>No broker address is set.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/mosquittoclient.cpp" line="314"/>
        <source>The MQTT port must be between 1 and 65535.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/mosquittoclient.cpp" line="316"/>
        <source>The keep-alive interval must be at least 5 s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/mosquittoclient.cpp" line="334"/>
        <source>OpenSSL could not create a TLS context.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/mosquittoclient.cpp" line="357"/>
        <source>libmosquitto could not create a client.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/mosquittoclient.cpp" line="478"/>
        <location filename="../core/net/mosquittoclient.cpp" line="603"/>
        <source>%1 closed the connection during the TLS handshake.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/mosquittoclient.cpp" line="480"/>
        <source>%1 refused the connection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/mosquittoclient.cpp" line="483"/>
        <source>%1 closed the connection before it was secured.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/mosquittoclient.cpp" line="546"/>
        <location filename="../core/net/mosquittoclient.cpp" line="610"/>
        <source>%1 closed the connection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/mosquittoclient.cpp" line="594"/>
        <source>%1 refused the login: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/mosquittoclient.cpp" line="598"/>
        <source>%1 presented a certificate other than the pinned one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/mosquittoclient.cpp" line="600"/>
        <source>%1 presented a certificate that is not trusted: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/mosquittoclient.cpp" line="605"/>
        <source>TLS handshake with %1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/mosquittoclient.cpp" line="607"/>
        <source>TLS handshake with %1 failed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/mosquittoclient.cpp" line="612"/>
        <source>%1 stopped answering (no reply to a keep-alive ping).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/mosquittoclient.cpp" line="615"/>
        <location filename="../core/net/mosquittoclient.cpp" line="621"/>
        <source>Connection to %1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/mosquittoclient.cpp" line="631"/>
        <source>%1 did not answer the login in time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/mosquittoclient.cpp" line="632"/>
        <source>%1 did not complete the connection in time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/mosquittoclient.cpp" line="640"/>
        <source>not the pinned certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/mosquittoclient.cpp" line="645"/>
        <source>the handshake failed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="40"/>
        <source>Choose a folder for the snapshots.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="42"/>
        <source>Enter the full path of the folder, e.g. %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="46"/>
        <source>This is a file, not a folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="48"/>
        <source>FarmCam cannot save files in this folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="78"/>
        <source>Preferences</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="84"/>
        <source>&amp;Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="95"/>
        <source>Automatic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="99"/>
        <source>Automatic fits the tiles to the window.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="103"/>
        <source>&amp;Keep running in the system tray when the window is closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="105"/>
        <source>A print &amp;finishes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="107"/>
        <source>A print f&amp;ails</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="109"/>
        <source>A printer &amp;pauses a print for an error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="111"/>
        <source>A printer goes &amp;offline or comes back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="120"/>
        <source>Your desktop has no system tray: FarmCam quits when its window is closed and cannot show notifications.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="126"/>
        <source>&amp;Look for printers on the local network (UDP port 2021)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="129"/>
        <source>Found printers are offered in Add Printer, and a printer whose address changed is followed by its serial number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="146"/>
        <source>&amp;Restore Defaults</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="172"/>
        <source>Snapshots</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="173"/>
        <source>Save &amp;in:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="182"/>
        <source>Camera grid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="183"/>
        <source>&amp;Columns:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="192"/>
        <source>System tray</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="196"/>
        <source>Notify me when</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="200"/>
        <source>Printer discovery</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="204"/>
        <source>Access codes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="207"/>
        <source>General</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="209"/>
        <source>Recordings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="213"/>
        <source>Sharing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="361"/>
        <source>Folder for snapshots</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="374"/>
        <source>The folder will be created with the first snapshot.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/preferencesdialog.cpp" line="452"/>
        <source>Saved, but sharing is not running: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PrintAlerts</name>
    <message>
        <location filename="../core/status/printalerts.cpp" line="67"/>
        <source>The printer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/status/printalerts.cpp" line="75"/>
        <location filename="../core/status/printalerts.cpp" line="128"/>
        <source>Print finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/status/printalerts.cpp" line="77"/>
        <source>%1 finished its print.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/status/printalerts.cpp" line="78"/>
        <source>%1 finished “%2”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/status/printalerts.cpp" line="82"/>
        <location filename="../core/status/printalerts.cpp" line="130"/>
        <source>Print failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/status/printalerts.cpp" line="84"/>
        <source>The print on %1 failed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/status/printalerts.cpp" line="85"/>
        <source>%1 failed printing “%2”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/status/printalerts.cpp" line="90"/>
        <source>Print paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/status/printalerts.cpp" line="93"/>
        <source>%1 paused its print for an error.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/status/printalerts.cpp" line="95"/>
        <source>%1 paused “%2” for an error.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/status/printalerts.cpp" line="100"/>
        <source>%1 paused its print for an error (code %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/status/printalerts.cpp" line="103"/>
        <source>%1 paused “%2” for an error (code %3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/status/printalerts.cpp" line="110"/>
        <location filename="../core/status/printalerts.cpp" line="134"/>
        <source>Printer offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/status/printalerts.cpp" line="111"/>
        <source>%1 is offline.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/status/printalerts.cpp" line="115"/>
        <location filename="../core/status/printalerts.cpp" line="136"/>
        <source>Printer back online</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/status/printalerts.cpp" line="117"/>
        <source>%1 is back online.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/status/printalerts.cpp" line="132"/>
        <source>Print paused for an error</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PrintState</name>
    <message>
        <location filename="../core/status/statusreportmerger.cpp" line="323"/>
        <source>Idle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/status/statusreportmerger.cpp" line="325"/>
        <source>Preparing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/status/statusreportmerger.cpp" line="327"/>
        <source>Printing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/status/statusreportmerger.cpp" line="329"/>
        <source>Paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/status/statusreportmerger.cpp" line="331"/>
        <source>Finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/status/statusreportmerger.cpp" line="333"/>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/status/statusreportmerger.cpp" line="337"/>
        <source>Unknown</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PrintStatusText</name>
    <message>
        <location filename="../ui/printstatustext.cpp" line="34"/>
        <source>Paused: error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printstatustext.cpp" line="87"/>
        <source>&lt; 1 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printstatustext.cpp" line="89"/>
        <source>%1 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printstatustext.cpp" line="93"/>
        <source>%1 h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printstatustext.cpp" line="94"/>
        <source>%1 h %2 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printstatustext.cpp" line="150"/>
        <source>ready at %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printstatustext.cpp" line="152"/>
        <source>ready tomorrow at %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printstatustext.cpp" line="154"/>
        <location filename="../ui/printstatustext.cpp" line="157"/>
        <source>ready %1 at %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printstatustext.cpp" line="167"/>
        <location filename="../ui/printstatustext.cpp" line="229"/>
        <source>%1 left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printstatustext.cpp" line="177"/>
        <source>Layer %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printstatustext.cpp" line="178"/>
        <source>Layer %1 / %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printstatustext.cpp" line="189"/>
        <location filename="../ui/printstatustext.cpp" line="243"/>
        <source>%1 %2 °C</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printstatustext.cpp" line="190"/>
        <source>%1 %2/%3 °C</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printstatustext.cpp" line="190"/>
        <source>%1 %2 / %3 °C</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printstatustext.cpp" line="196"/>
        <source>Nozzle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printstatustext.cpp" line="197"/>
        <source>Bed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printstatustext.cpp" line="211"/>
        <source>Error %1-%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printstatustext.cpp" line="221"/>
        <source>%1 “%2”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printstatustext.cpp" line="235"/>
        <source>layer %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printstatustext.cpp" line="236"/>
        <source>layer %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printstatustext.cpp" line="244"/>
        <source>%1 %2 °C (target %3 °C)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printstatustext.cpp" line="250"/>
        <source>nozzle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printstatustext.cpp" line="251"/>
        <source>bed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printstatustext.cpp" line="258"/>
        <source>1 health message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printstatustext.cpp" line="259"/>
        <source>%1 health messages</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PrinterConfig</name>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="76"/>
        <source>This address cannot belong to a printer: enter the printer&apos;s own address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="88"/>
        <source>Enter a name for the printer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="90"/>
        <source>The name is too long: use at most 64 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="96"/>
        <source>The name must not contain line breaks or control characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="105"/>
        <source>Enter the printer&apos;s IP address or host name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="109"/>
        <source>The address must not contain spaces.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="113"/>
        <source>The address must not contain control characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="117"/>
        <source>Enter only the printer&apos;s address, without &quot;http://&quot; or any other prefix.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="121"/>
        <source>Enter only the printer&apos;s address, without a path or slashes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="124"/>
        <source>Enter only the printer&apos;s address, without a user name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="127"/>
        <source>Enter the port in the port field, not in the address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="130"/>
        <source>Enter the IPv6 address without square brackets.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="137"/>
        <source>After the % of an IPv6 address, enter only the network interface, such as eth0.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="143"/>
        <source>This is not a valid IPv6 address (only IPv6 addresses contain colons).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="156"/>
        <source>This is not a valid IPv4 address: it needs four numbers from 0 to 255 separated by dots, such as 192.168.1.20.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="167"/>
        <source>The host name is too long: use at most 253 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="172"/>
        <source>The host name must not contain empty parts (two dots in a row, or a dot at the start).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="177"/>
        <source>Each part of the host name between dots may have at most 63 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="182"/>
        <source>The host name may only contain letters (a-z), digits, hyphens and dots.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="188"/>
        <source>A part of the host name must not start or end with a hyphen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="197"/>
        <source>The port must be a number from 1 to 65535 (the camera uses 6000).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="211"/>
        <source>The password or token is too long: use at most 1024 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="216"/>
        <source>The password or token may only contain printable ASCII characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="228"/>
        <source>The serial number is too long: use at most 32 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="232"/>
        <source>The serial number may only contain letters and digits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="320"/>
        <source>Automatic (from the model)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="322"/>
        <source>JPEG stream, port 6000</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="324"/>
        <source>RTSPS, port 322</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="326"/>
        <source>MJPEG over HTTP(S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="381"/>
        <source>Enter the stream&apos;s address, such as http://192.168.1.20:8080/stream.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="385"/>
        <source>This is not a valid address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="388"/>
        <source>The address must start with http:// or https://.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="391"/>
        <source>Enter the user and password in their own fields, not in the address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="462"/>
        <source>“%1” already uses this address and camera port.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="466"/>
        <source>“%1” already has this serial number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerconfig.cpp" line="474"/>
        <source>A printer serves two camera viewers at most: a second entry for it would take both.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PrinterDialog</name>
    <message>
        <location filename="../ui/printerdialog.cpp" line="105"/>
        <location filename="../ui/printerdialog.cpp" line="765"/>
        <source>Add printer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="161"/>
        <source>e.g. P1S in the workshop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="165"/>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="208"/>
        <source>IP address or host name, e.g. 192.168.1.20</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="211"/>
        <source>A&amp;ddress:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="223"/>
        <source>Camera &amp;port:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="226"/>
        <source>Show print stat&amp;us (MQTT over TLS)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="230"/>
        <source>Print status port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="231"/>
        <source>8883 on Bambu Lab printers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="234"/>
        <source>P&amp;ort:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="239"/>
        <source>Print status:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="255"/>
        <source>Job, progress, temperatures and alerts from the printer; same access code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="266"/>
        <location filename="../ui/printerdialog.cpp" line="501"/>
        <source>8 characters on current printers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="276"/>
        <location filename="../ui/printerdialog.cpp" line="498"/>
        <source>Access &amp;code:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="504"/>
        <source>Shown on the printer&apos;s screen: Settings → Network/WLAN → Access Code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="283"/>
        <source>Optional, e.g. 01S00C123456789</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="287"/>
        <source>&amp;Serial number:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="292"/>
        <source>Optional: verify against this CA (needs the serial)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="295"/>
        <source>Bro&amp;wse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="299"/>
        <source>C&amp;A file:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="335"/>
        <location filename="../ui/printerdialog.cpp" line="766"/>
        <source>Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="337"/>
        <source>Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="544"/>
        <source>Printers &amp;found on your network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="555"/>
        <source>Printers found on your network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="557"/>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="557"/>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="557"/>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="557"/>
        <source>Serial number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="672"/>
        <source>%1 (already added)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="170"/>
        <location filename="../ui/printerdialog.cpp" line="673"/>
        <source>Unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="174"/>
        <source>Mode&amp;l:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="189"/>
        <source>Ca&amp;mera:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="195"/>
        <source>e.g. http://192.168.1.30:8080/cam/p1s/stream.mjpg</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="198"/>
        <source>St&amp;ream URL:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="201"/>
        <location filename="../ui/printerdialog.cpp" line="500"/>
        <source>Optional</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="203"/>
        <source>Empty: the password field holds a token (sent as “Bearer”).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="204"/>
        <source>&amp;HTTP user:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="220"/>
        <source>6000: P1P, P1S, A1, A1 mini · 322: X1, X1C, X1E, H2C, H2D, H2S, P2S, X2D</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="309"/>
        <source>Always</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="310"/>
        <source>Never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="312"/>
        <source>A video of every print, made from a picture per layer (Preferences › Recordings)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="315"/>
        <source>A video of every print. Without print status: Printer › Start timelapse.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="318"/>
        <source>Timelapse &amp;videos:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="498"/>
        <source>Password or to&amp;ken:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="503"/>
        <source>For another FarmCam: its sharing token (Preferences › Sharing).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="515"/>
        <source>Model unknown: the JPEG stream on port 6000. Test connection finds out which one it is.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="519"/>
        <source>For the %1: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="523"/>
        <source>P1P, P1S, A1 and A1 mini.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="526"/>
        <source>X1, X1C, X1E, H2C, H2D, H2S, P2S and X2D (H.264). Turn on LAN Only Liveview on the printer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="531"/>
        <source>Another FarmCam, mjpg-streamer, µStreamer, go2rtc, an OctoPrint webcam.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="677"/>
        <source>This printer is already in FarmCam.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="678"/>
        <source>Fills in its name, address and serial number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="698"/>
        <source>Printers cannot be found automatically right now: enter the address below.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="701"/>
        <source>Looking for printers… none found yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="703"/>
        <source>Every printer found is already in FarmCam.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="705"/>
        <source>Choose one to fill in its details, then enter its access code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="765"/>
        <source>Edit printer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="766"/>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="775"/>
        <source>Like Preferences (on)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="775"/>
        <source>Like Preferences (off)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="880"/>
        <source>There is no readable file at this path.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="882"/>
        <source>Verifying against a CA needs the printer&apos;s serial number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="911"/>
        <source>Choose the CA certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="912"/>
        <source>Certificates (*.pem *.crt *.cer *.der);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="923"/>
        <source>The certificate is verified against the CA, with the serial as its name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="926"/>
        <source>Pinned certificate (SHA-256): %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="929"/>
        <source>The printer&apos;s certificate is pinned on the first connection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="962"/>
        <source>Ed&amp;it “%1” instead</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="1001"/>
        <source>Hide the access code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="1001"/>
        <source>Show the access code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="1152"/>
        <source>Remove printer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="1153"/>
        <source>Remove “%1” from FarmCam?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="1154"/>
        <source>Its camera is disconnected and its access code is deleted from this computer. Snapshots already saved are kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printerdialog.cpp" line="1156"/>
        <source>&amp;Remove</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PrinterFarm</name>
    <message>
        <location filename="../core/model/printerfarm.cpp" line="118"/>
        <source>Its id is used by another entry.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerfarm.cpp" line="161"/>
        <source>This printer has been added already.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerfarm.cpp" line="197"/>
        <location filename="../core/model/printerfarm.cpp" line="238"/>
        <location filename="../core/model/printerfarm.cpp" line="258"/>
        <source>This printer is no longer in the list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerfarm.cpp" line="243"/>
        <source>That is not a SHA-256 certificate fingerprint.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerfarm.cpp" line="334"/>
        <source>No new picture for %1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerfarm.cpp" line="448"/>
        <source>There is no place to store the access code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerfarm.cpp" line="545"/>
        <source>its certificate is not pinned yet, so the announcement cannot be verified.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerfarm.cpp" line="549"/>
        <source>it is still reachable at %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerfarm.cpp" line="573"/>
        <source>no TLS handshake there: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/printerfarm.cpp" line="575"/>
        <source>the host there presents another certificate than the printer&apos;s.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PrinterSimulator</name>
    <message>
        <location filename="../sim/printersimulator.cpp" line="183"/>
        <source>TLS is not available (no TLS backend or OpenSSL library).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../sim/printersimulator.cpp" line="189"/>
        <source>The simulator&apos;s certificate or key could not be loaded.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PrinterTile</name>
    <message>
        <location filename="../ui/printertile.cpp" line="180"/>
        <source>Save a snapshot (Ctrl+S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printertile.cpp" line="182"/>
        <location filename="../ui/printertile.cpp" line="741"/>
        <source>Record the camera (Ctrl+Shift+R)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printertile.cpp" line="183"/>
        <location filename="../ui/printertile.cpp" line="679"/>
        <source>Edit printer…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printertile.cpp" line="184"/>
        <location filename="../ui/printertile.cpp" line="313"/>
        <source>Full view (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printertile.cpp" line="313"/>
        <source>Back to grid (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printertile.cpp" line="678"/>
        <source>Review certificate…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printertile.cpp" line="680"/>
        <source>Retry now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printertile.cpp" line="683"/>
        <source>Compare the old and new certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printertile.cpp" line="684"/>
        <source>Check the address and access code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printertile.cpp" line="685"/>
        <source>Try to connect again without waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printertile.cpp" line="740"/>
        <source>Stop recording (Ctrl+Shift+R)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printertile.cpp" line="775"/>
        <source>● REC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printertile.cpp" line="778"/>
        <source>● Timelapse · 1 frame</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printertile.cpp" line="779"/>
        <source>● Timelapse · %1 frames</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printertile.cpp" line="781"/>
        <source>Timelapse %1 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printertile.cpp" line="818"/>
        <source>%1 pictures</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printertile.cpp" line="819"/>
        <source>%1 received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printertile.cpp" line="824"/>
        <source>1 reconnect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printertile.cpp" line="825"/>
        <source>%1 reconnects</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/printertile.cpp" line="962"/>
        <source>(removed)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <location filename="../core/record/picturevideowriter.cpp" line="78"/>
        <source>Cannot make a video of pictures %1x%2 pixels small.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/record/picturevideowriter.cpp" line="118"/>
        <source>Cannot open the H.264 encoder %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/record/picturevideowriter.cpp" line="141"/>
        <source>An empty picture cannot go into the video %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/record/picturevideowriter.cpp" line="203"/>
        <source>No picture went into the video %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/record/encodedvideowriter.cpp" line="98"/>
        <source>The camera&apos;s H.264 key frame has no readable parameter sets: cannot start %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/record/encodedvideowriter.cpp" line="103"/>
        <source>JPEG frames are kept in Matroska only (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/record/encodedvideowriter.cpp" line="110"/>
        <source>The camera sent a JPEG without a readable size: cannot start %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/record/encodedvideowriter.cpp" line="114"/>
        <source>This camera&apos;s frames carry no encoded video to record.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/record/encodedvideowriter.cpp" line="161"/>
        <source>The camera changed its kind of video during %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/record/encodedvideowriter.cpp" line="207"/>
        <source>No frame went into the video %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/record/videooutputfile.cpp" line="87"/>
        <source>Cannot name the video %1: a file of that name is in the way or the folder is read-only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/record/timelapserecorder.cpp" line="112"/>
        <source>The timelapse of %1 has no picture: the camera sent none during the print.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QtKeychainBackend</name>
    <message>
        <location filename="../core/model/qtkeychainbackend.cpp" line="148"/>
        <source>KWallet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/model/qtkeychainbackend.cpp" line="149"/>
        <location filename="../core/model/qtkeychainbackend.cpp" line="179"/>
        <source>Secret Service</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReconnectingLink</name>
    <message>
        <location filename="../core/link/reconnectinglink.cpp" line="104"/>
        <source>Reconnecting…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RecordError</name>
    <message>
        <location filename="../core/record/recorderror.cpp" line="24"/>
        <source>The disk is full: cannot write to %1. Free some space or choose another recordings folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/record/recorderror.cpp" line="30"/>
        <source>FFmpeg has no H.264 encoder: install libavcodec with libx264 (Debian: libavcodec59).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/record/recorderror.cpp" line="34"/>
        <source>Cannot write the video %1: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/record/recorderror.cpp" line="44"/>
        <source>Cannot write %1: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/record/recorderror.cpp" line="49"/>
        <source>The recordings folder %1 is read-only or cannot be created: choose another folder in Preferences.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RecordingLibrary</name>
    <message>
        <location filename="../core/record/recordinglibrary.cpp" line="177"/>
        <source>Recording stopped: only %1 free on the disk of %2 (FarmCam keeps at least %3 free). Free some space or lower the minimum in Preferences.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RecordingsDialog</name>
    <message>
        <location filename="../ui/recordingsdialog.cpp" line="32"/>
        <source>Timelapse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/recordingsdialog.cpp" line="34"/>
        <source>Failure clip</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/recordingsdialog.cpp" line="38"/>
        <source>Recording</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/recordingsdialog.cpp" line="47"/>
        <source>%1 · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/recordingsdialog.cpp" line="53"/>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/recordingsdialog.cpp" line="64"/>
        <source>&amp;Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/recordingsdialog.cpp" line="65"/>
        <source>Show in &amp;folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/recordingsdialog.cpp" line="66"/>
        <source>&amp;Delete…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/recordingsdialog.cpp" line="68"/>
        <source>Recordings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/recordingsdialog.cpp" line="73"/>
        <source>Video</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/recordingsdialog.cpp" line="73"/>
        <source>Length</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/recordingsdialog.cpp" line="73"/>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/recordingsdialog.cpp" line="155"/>
        <source>No timelapses, clips or recordings yet in %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/recordingsdialog.cpp" line="189"/>
        <source>Delete recording</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/recordingsdialog.cpp" line="190"/>
        <source>Delete %1? It cannot be undone.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RecordingsPage</name>
    <message>
        <location filename="../ui/recordingspage.cpp" line="31"/>
        <source>Choose fol&amp;der…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/recordingspage.cpp" line="34"/>
        <source>Make a ti&amp;melapse of every print</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/recordingspage.cpp" line="37"/>
        <source>Save a clip when a print fails or pauses for an error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/recordingspage.cpp" line="41"/>
        <source>Each printer gets a folder of its own in it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/recordingspage.cpp" line="46"/>
        <location filename="../ui/recordingspage.cpp" line="50"/>
        <source> GB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/recordingspage.cpp" line="47"/>
        <source>No limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/recordingspage.cpp" line="54"/>
        <source>A frame per layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/recordingspage.cpp" line="55"/>
        <source>A frame every…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/recordingspage.cpp" line="58"/>
        <source> s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/recordingspage.cpp" line="62"/>
        <source> min before the failure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/recordingspage.cpp" line="77"/>
        <source>Folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/recordingspage.cpp" line="82"/>
        <source>At most:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/recordingspage.cpp" line="84"/>
        <source>Over it, the oldest timelapses and failure clips are deleted. Recordings, and files you renamed or moved into a subfolder, are never deleted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/recordingspage.cpp" line="89"/>
        <source>Keep free:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/recordingspage.cpp" line="91"/>
        <source>Below it, nothing is recorded and the printer&apos;s tile says so.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/recordingspage.cpp" line="94"/>
        <source>Timelapses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/recordingspage.cpp" line="101"/>
        <source>A printer can be set to always or never in its settings file (timelapse=on or off).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/recordingspage.cpp" line="106"/>
        <source>Failure clips</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/recordingspage.cpp" line="109"/>
        <source>Needs the print status. The last minutes are kept on disk all the time, so that they can become a clip.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/recordingspage.cpp" line="202"/>
        <source>Folder for timelapses and recordings</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RtspsCamera</name>
    <message>
        <location filename="../core/camera/rtsps/rtspscamera.cpp" line="40"/>
        <source>Securing the connection…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/rtsps/rtspscamera.cpp" line="53"/>
        <source>Not connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/rtsps/rtspscamera.cpp" line="63"/>
        <source>RTSPS (port %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/rtsps/rtspscamera.cpp" line="73"/>
        <source>%1 does not serve its camera — turn on “LAN Only Liveview” in the printer&apos;s network settings (it may also be starting up).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/rtsps/rtspscamera.cpp" line="86"/>
        <source>No printer address is set.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/rtsps/rtspscamera.cpp" line="88"/>
        <source>The camera port must be between 1 and 65535.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/rtsps/rtspscamera.cpp" line="98"/>
        <source>The camera stream&apos;s path is not a valid RTSP path.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/rtsps/rtspscamera.cpp" line="117"/>
        <source>Connecting to %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/rtsps/rtspscamera.cpp" line="172"/>
        <source>Opening the stream…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/rtsps/rtspscamera.cpp" line="183"/>
        <source>Host “%1” not found — check the printer&apos;s address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/rtsps/rtspscamera.cpp" line="190"/>
        <source>Secure connection to %1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/rtsps/rtspscamera.cpp" line="196"/>
        <source>Certificate changed: %1 presented a certificate other than the pinned one, so the access code was not sent. If the printer was reset or replaced, review and accept the new certificate; otherwise another device may be posing as the printer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/rtsps/rtspscamera.cpp" line="203"/>
        <source>%1 closed the connection before it was secured.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/rtsps/rtspscamera.cpp" line="207"/>
        <source>Could not open the local relay for %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/rtsps/rtspscamera.cpp" line="211"/>
        <source>Printer unreachable at %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/rtsps/rtspscamera.cpp" line="231"/>
        <source>Live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/rtsps/rtspscamera.cpp" line="249"/>
        <source>Access code rejected by %1 — check the code on the printer&apos;s screen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/rtsps/rtspscamera.cpp" line="252"/>
        <source>%1&apos;s camera is busy or asleep: it answered the stream request with a server error. FarmCam tries again in a while; if it stays so, close other viewers (Bambu Studio, Bambu Handy) or restart the printer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/rtsps/rtspscamera.cpp" line="258"/>
        <source>%1 has no camera stream at “%2”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/rtsps/rtspscamera.cpp" line="262"/>
        <source>%1 refused the stream request (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/rtsps/rtspscamera.cpp" line="265"/>
        <source>%1&apos;s stream cannot be shown: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/rtsps/rtspscamera.cpp" line="268"/>
        <source>%1 did not answer the stream request in time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/rtsps/rtspscamera.cpp" line="271"/>
        <source>%1 closed the connection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/rtsps/rtspscamera.cpp" line="272"/>
        <source>The stream from %1 ended: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/rtsps/rtspscamera.cpp" line="276"/>
        <source>%1 sent a stream description FarmCam cannot read (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/rtsps/rtspscamera.cpp" line="279"/>
        <source>The stream from %1 failed: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/rtsps/rtspscamera.cpp" line="288"/>
        <source>No answer from %1 within %2 s — is the printer on and on this network?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/rtsps/rtspscamera.cpp" line="293"/>
        <source>%1 accepted the connection but did not complete the secure handshake.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/rtsps/rtspscamera.cpp" line="298"/>
        <source>%1 did not start its camera stream within %2 s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/camera/rtsps/rtspscamera.cpp" line="303"/>
        <source>No picture from %1 for %2 s — the stream stalled.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SegmentRecorder</name>
    <message>
        <location filename="../core/record/segmentrecorder.cpp" line="148"/>
        <source>Recording stopped: the disk is too slow for the camera (%1). What was recorded until now is kept.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ShareServer</name>
    <message>
        <location filename="../core/share/shareserver.cpp" line="296"/>
        <source>Sharing needs a token; none is set.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/share/shareserver.cpp" line="298"/>
        <location filename="../core/share/shareserver.cpp" line="442"/>
        <source>The address to listen on is not a valid IP address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/share/shareserver.cpp" line="300"/>
        <source>HTTPS needs both a certificate file and a private key file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/share/shareserver.cpp" line="302"/>
        <source>The connection limits must be at least 1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/share/shareserver.cpp" line="304"/>
        <source>The memory for each connection must be at least 8 KB.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/share/shareserver.cpp" line="306"/>
        <source>The longest request must be at least 64 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/share/shareserver.cpp" line="308"/>
        <source>The timeouts must be at least one second.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/share/shareserver.cpp" line="310"/>
        <source>The failed-attempt limit must allow at least one attempt in one second.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/share/shareserver.cpp" line="312"/>
        <source>The JPEG quality must be between 1 and 100.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/share/shareserver.cpp" line="360"/>
        <source>The certificate file %1 cannot be read: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/share/shareserver.cpp" line="364"/>
        <source>The private key file %1 cannot be read: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/share/shareserver.cpp" line="381"/>
        <source>The certificate file %1 holds no PEM certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/share/shareserver.cpp" line="385"/>
        <source>The private key file %1 holds no PEM private key (an encrypted key is not supported).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/share/shareserver.cpp" line="391"/>
        <source>The private key in %1 does not belong to the certificate in %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/share/shareserver.cpp" line="418"/>
        <source>This libmicrohttpd was built without HTTPS.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/share/shareserver.cpp" line="507"/>
        <source>Port %1 is in use by another program.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/share/shareserver.cpp" line="509"/>
        <source>Port %1 needs administrator rights; choose a port above 1023.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/share/shareserver.cpp" line="512"/>
        <source>This computer has no address %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/share/shareserver.cpp" line="515"/>
        <source>The server could not start: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ShareToken</name>
    <message>
        <location filename="../core/share/sharetoken.cpp" line="47"/>
        <source>There is no place to keep the token.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/share/sharetoken.cpp" line="65"/>
        <source>sharing token</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SharingController</name>
    <message>
        <location filename="../ui/sharingcontroller.cpp" line="109"/>
        <source>The sharing token could not be kept: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingcontroller.cpp" line="199"/>
        <source>Sharing on :%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingcontroller.cpp" line="202"/>
        <source>%1 · 1 viewer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingcontroller.cpp" line="203"/>
        <source>%1 · %2 viewers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingcontroller.cpp" line="213"/>
        <source>Sharing stopped: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SharingPage</name>
    <message>
        <location filename="../ui/sharingpage.cpp" line="52"/>
        <source>Enter the full path of the %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="54"/>
        <source>The %1 %2 does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="57"/>
        <source>The %1 %2 is not a file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="75"/>
        <source>&amp;Share the cameras over HTTP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="82"/>
        <location filename="../ui/sharingpage.cpp" line="493"/>
        <source>S&amp;how</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="83"/>
        <source>Cop&amp;y</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="84"/>
        <source>Re&amp;generate…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="87"/>
        <location filename="../ui/sharingpage.cpp" line="89"/>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="92"/>
        <source>Copy &amp;URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="93"/>
        <source>Copy link &amp;with token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="100"/>
        <source>Home Assistant, OctoPrint, Node-RED, Frigate and web browsers can show the cameras through FarmCam, which keeps the one connection to each printer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="104"/>
        <source>This computer only (127.0.0.1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="105"/>
        <source>Every network interface</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="106"/>
        <source>A specific address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="108"/>
        <source>e.g. 192.168.1.20</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="109"/>
        <source>Specific address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="113"/>
        <source>Any free port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="114"/>
        <source>Port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="119"/>
        <location filename="../ui/sharingpage.cpp" line="223"/>
        <source>Token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="124"/>
        <source>Puts the token on the clipboard, e.g. for a Bearer header</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="126"/>
        <source>A new token: every URL and link copied before stops working</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="131"/>
        <source>PEM file; empty for plain HTTP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="133"/>
        <source>Browse for the certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="135"/>
        <source>PEM file, not encrypted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="137"/>
        <source>Browse for the private key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="142"/>
        <source>Web wall address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="145"/>
        <source>The address without the token: the page asks for it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="148"/>
        <source>For a wall display: the link opens the wall without asking.
It contains the token: anyone who has the link can watch every camera. Do not post or mail it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="151"/>
        <source>The link with the token opens the wall without asking for it: for a wall display you trust.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="209"/>
        <source>Where</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="210"/>
        <source>Listen o&amp;n:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="215"/>
        <source>Por&amp;t:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="224"/>
        <source>Token:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="231"/>
        <source>HTTPS (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="232"/>
        <source>C&amp;ertificate:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="236"/>
        <source>Pri&amp;vate key:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="242"/>
        <source>Web wall</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="243"/>
        <source>Address:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="352"/>
        <source>Enter the IP address to listen on, e.g. 192.168.1.20.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="355"/>
        <source>“%1” is not an IP address (a name such as “localhost” is not enough).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="358"/>
        <source>A server cannot listen on a multicast or broadcast address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="369"/>
        <source>HTTPS needs the certificate too, or leave both empty for plain HTTP.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="371"/>
        <source>HTTPS needs the private key too, or leave both empty for plain HTTP.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="372"/>
        <source>certificate file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="373"/>
        <source>private key file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="382"/>
        <source>The certificate file cannot be read: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="384"/>
        <source>The certificate file holds no PEM certificate (“-----BEGIN CERTIFICATE-----”).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="387"/>
        <source>The private key file cannot be read: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="389"/>
        <source>The private key is encrypted; FarmCam needs it without a passphrase.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="391"/>
        <source>The private key file holds no PEM private key (“-----BEGIN PRIVATE KEY-----”).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="410"/>
        <source>Only programs on this computer can connect.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="412"/>
        <source>Other computers on your network can connect; each needs the token.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="415"/>
        <source>Other computers on your network can connect; each needs the token, which crosses the network readable without HTTPS.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="425"/>
        <source>Served over HTTPS: the URLs begin with https://.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="443"/>
        <source>Running at %1 · no viewers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="444"/>
        <source>Running at %1 · 1 viewer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="445"/>
        <source>Running at %1 · %2 viewers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="447"/>
        <source>%1 — OK stops it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="452"/>
        <source>Not running: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="455"/>
        <source>Not running yet: OK starts it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="456"/>
        <source>Not running.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="460"/>
        <source>Shown while sharing runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="478"/>
        <source>The token could not be kept: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="493"/>
        <source>&amp;Hide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="507"/>
        <source>Token copied.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="516"/>
        <source>Regenerate token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="517"/>
        <source>Make a new sharing token?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="518"/>
        <source>Every URL and link copied before stops working, and viewers watching now are disconnected. Home Assistant, OctoPrint and wall displays need the new URLs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="521"/>
        <source>&amp;Regenerate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="532"/>
        <source>No new token: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="539"/>
        <source>New token made: copy the URLs again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="549"/>
        <source>Address copied (without the token).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="558"/>
        <source>Link copied. It contains the token: keep it to your wall display.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="564"/>
        <source>Certificate for HTTPS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="565"/>
        <source>PEM certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="575"/>
        <source>Private key for HTTPS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/sharingpage.cpp" line="576"/>
        <source>PEM keys (*.pem *.key);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SingleInstance</name>
    <message>
        <location filename="../core/platform/singleinstance.cpp" line="82"/>
        <source>Could not create the lock file %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/platform/singleinstance.cpp" line="100"/>
        <location filename="../core/platform/singleinstance.cpp" line="109"/>
        <source>FarmCam is already running with these settings but does not answer (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/platform/singleinstance.cpp" line="124"/>
        <source>Could not listen on %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SnapshotService</name>
    <message>
        <location filename="../core/snapshot/snapshotservice.cpp" line="141"/>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SnapshotWriter</name>
    <message>
        <location filename="../core/snapshot/snapshotwriter.cpp" line="63"/>
        <source>“%1” is a file, not a folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/snapshot/snapshotwriter.cpp" line="66"/>
        <source>“%1” is not writable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/snapshot/snapshotwriter.cpp" line="94"/>
        <source>There is no picture to save yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/snapshot/snapshotwriter.cpp" line="99"/>
        <source>No file name given for the picture in the folder “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/snapshot/snapshotwriter.cpp" line="122"/>
        <source>Cannot save in the folder “%1”: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/snapshot/snapshotwriter.cpp" line="126"/>
        <source>Cannot find a free file name in the folder “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/snapshot/snapshotwriter.cpp" line="145"/>
        <source>Could not save “%1” in the folder “%2”: %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/snapshot/snapshotwriter.cpp" line="163"/>
        <source>Cannot create the folder “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/snapshot/snapshotwriter.cpp" line="164"/>
        <source>Cannot create the folder “%1”: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/snapshot/snapshotwriter.cpp" line="168"/>
        <source>Cannot save in the folder “%1”: it is not writable.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StatusConnection</name>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="85"/>
        <source>Status: not connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="173"/>
        <source>Status: stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="198"/>
        <source>Status: no printer address is set.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="200"/>
        <source>Status: the MQTT port must be between 1 and 65535.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="202"/>
        <source>Status: the user name must be 1-32 printable ASCII characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="207"/>
        <source>Status: no access code is set — it is shown on the printer&apos;s screen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="209"/>
        <source>Status: the access code must be 1-32 printable ASCII characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="212"/>
        <source>Status: the serial number “%1” is not valid (letters and digits only, at most 32).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="237"/>
        <source>Status: looking up %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="249"/>
        <source>Status: host “%1” not found — check the printer&apos;s address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="272"/>
        <source>Status: connecting to %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="291"/>
        <source>Status: subscribing to reports…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="302"/>
        <source>Status: could not subscribe to the reports of %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="327"/>
        <source>Status: connected to %1, waiting for its first report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="328"/>
        <location filename="../core/net/statusconnection.cpp" line="372"/>
        <source>Status: connected to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="396"/>
        <source>Status: access code rejected by %1 — check the code on the printer&apos;s screen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="402"/>
        <source>Status: %1 refused the login: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="409"/>
        <source>Status: certificate changed — %1 presented a certificate other than the pinned one, so the access code was not sent. If the printer was reset or replaced, its camera asks to review the new certificate; if the camera still streams, this broker&apos;s certificate is not the camera&apos;s: switch print status off for this printer (Edit printer…). Otherwise another device may be posing as the printer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="420"/>
        <source>Status: secure connection to %1 failed: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="216"/>
        <location filename="../core/net/statusconnection.cpp" line="424"/>
        <source>Status: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="427"/>
        <source>Status: %1 stopped answering while logging in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="437"/>
        <source>Status: %1 refused the connection — the printer may be starting up.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="441"/>
        <source>Status: printer unreachable at %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="445"/>
        <source>Status: %1 closed the connection before the login completed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="449"/>
        <source>Status: %1 does not answer like an MQTT broker (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="452"/>
        <source>Status: connection to %1 failed (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="460"/>
        <source>Status: %1 stopped answering — the connection stalled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="462"/>
        <source>Status: %1 closed the connection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="471"/>
        <source>Status: %1 did not confirm the subscription within %2 s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/net/statusconnection.cpp" line="475"/>
        <source>Status: no answer from %1 within %2 s — is the printer on and on this network?</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StatusPublisher</name>
    <message>
        <location filename="../sim/statuspublisher.cpp" line="105"/>
        <source>Could not subscribe to the request topics.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StatusReportMerger</name>
    <message>
        <location filename="../core/status/statusreportmerger.cpp" line="149"/>
        <source>The report is larger than 256 KiB.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/status/statusreportmerger.cpp" line="155"/>
        <source>The report is not valid JSON (%1 at byte %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/status/statusreportmerger.cpp" line="162"/>
        <source>The report is not a JSON object.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/status/statusreportmerger.cpp" line="169"/>
        <source>The report&apos;s print field is not an object.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/status/statusreportmerger.cpp" line="188"/>
        <source>The report would make the kept status larger than 1 MiB.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TileStatus</name>
    <message>
        <location filename="../ui/tilestatus.cpp" line="39"/>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="42"/>
        <source>%1 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="45"/>
        <source>%1 h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="46"/>
        <source>%1 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="54"/>
        <source>Access code rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="56"/>
        <source>Secure connection failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="58"/>
        <source>Certificate changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="60"/>
        <source>Unreadable camera data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="62"/>
        <source>Printer not responding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="64"/>
        <source>Printer not found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="66"/>
        <source>Connection refused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="68"/>
        <source>Connection lost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="70"/>
        <source>Camera busy or asleep</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="72"/>
        <source>Printer unreachable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="74"/>
        <source>Settings incomplete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="78"/>
        <source>Disconnected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="92"/>
        <source>Last picture %1 ago</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="98"/>
        <source>No new picture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="103"/>
        <source>Live · %1 fps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="104"/>
        <source>Live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="114"/>
        <source>Retrying now…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="117"/>
        <source>Connecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="118"/>
        <source>Securing the connection…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="119"/>
        <source>Logging in…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="128"/>
        <source>Reconnecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="129"/>
        <source>Reconnecting in %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/tilestatus.cpp" line="140"/>
        <source>Stopped</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TimelapseRecorder</name>
    <message>
        <location filename="../core/record/timelapserecorder.cpp" line="308"/>
        <source>print</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/record/timelapserecorder.cpp" line="353"/>
        <source>No picture to keep for the timelapse of %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TlsRelay</name>
    <message>
        <location filename="../core/camera/rtsps/tlsrelay.cpp" line="269"/>
        <location filename="../core/camera/rtsps/tlsrelay.cpp" line="271"/>
        <source>The printer closed the connection.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TlsTrust</name>
    <message>
        <location filename="../core/trust/tlstrust.cpp" line="42"/>
        <source>The pinned certificate fingerprint is not a SHA-256 fingerprint.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/trust/tlstrust.cpp" line="46"/>
        <source>No certificate could be read from the CA file “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../core/trust/tlstrust.cpp" line="48"/>
        <source>Verifying against a CA file needs the printer&apos;s serial number.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrayIcon</name>
    <message>
        <location filename="../ui/trayicon.cpp" line="56"/>
        <source>%1 and %2 more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trayicon.cpp" line="60"/>
        <source>%1 and %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trayicon.cpp" line="75"/>
        <source>&amp;Show / Hide FarmCam</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trayicon.cpp" line="77"/>
        <source>Snapshot &amp;All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trayicon.cpp" line="80"/>
        <source>&amp;Quit FarmCam</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trayicon.cpp" line="137"/>
        <source>… and %1 more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trayicon.cpp" line="160"/>
        <source>%1 went offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trayicon.cpp" line="161"/>
        <source>%1 went offline: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trayicon.cpp" line="164"/>
        <source>%1 printers went offline: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trayicon.cpp" line="167"/>
        <source>%1 is back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trayicon.cpp" line="169"/>
        <source>%1 are back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trayicon.cpp" line="175"/>
        <source>Camera offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trayicon.cpp" line="175"/>
        <source>Cameras offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trayicon.cpp" line="178"/>
        <source>Camera back online</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trayicon.cpp" line="178"/>
        <source>Cameras back online</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trayicon.cpp" line="194"/>
        <source>%1 printers need attention</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trayicon.cpp" line="206"/>
        <source>Saved 1 snapshot in %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trayicon.cpp" line="208"/>
        <source>Saved %1 snapshots in %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trayicon.cpp" line="210"/>
        <source>1 snapshot could not be saved: open FarmCam for the reason.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trayicon.cpp" line="213"/>
        <source>%1 snapshots could not be saved: open FarmCam for the reasons.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trayicon.cpp" line="215"/>
        <source>No camera has sent a picture yet: nothing was saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trayicon.cpp" line="216"/>
        <source>Snapshots saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trayicon.cpp" line="216"/>
        <source>No snapshots saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trayicon.cpp" line="226"/>
        <source>Timelapse of %1 is ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trayicon.cpp" line="227"/>
        <source>%1: click to play it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trayicon.cpp" line="234"/>
        <source>Failure clip of %1 saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trayicon.cpp" line="235"/>
        <source>The minutes before the failure: click to play them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trayicon.cpp" line="258"/>
        <source>&amp;Hide FarmCam</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trayicon.cpp" line="258"/>
        <source>&amp;Show FarmCam</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trayicon.cpp" line="363"/>
        <source>FarmCam keeps running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trayicon.cpp" line="364"/>
        <source>The cameras stay connected and notifications keep coming. Click this icon to show the window; Quit is in its menu.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/farmcam/main.cpp" line="69"/>
        <source>Live chamber cameras of many Bambu Lab printers in one window.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/farmcam/main.cpp" line="76"/>
        <source>Show four simulated printers; your own settings are neither read nor changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/farmcam/main.cpp" line="81"/>
        <source>Use the settings file &lt;file&gt; instead of the default.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/farmcam/main.cpp" line="85"/>
        <source>Start with the printer named &lt;name&gt; shown alone, e.g. for a wall display.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/farmcam/main.cpp" line="113"/>
        <source>FarmCam is already running with these settings: its window was brought to the front.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>

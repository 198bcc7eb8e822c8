/// The report page's style and script, inline: the page works offline and asks for nothing.
enum ReportAssets {
    /// Nothing may be fetched: scripts and styles are the page's own, images data URLs only.
    static let contentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"

    static let style = """
        *{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#1d2430;background:#f6f7f9}
        header{padding:16px 24px;background:#1d2430;color:#fff}header h1{margin:0 0 4px;font-size:20px}header .meta{opacity:.75;font-size:13px}
        .badges{margin-top:10px;display:flex;gap:8px;flex-wrap:wrap}.badge{padding:2px 10px;border-radius:12px;font-size:12px;background:#39465a}
        .ok{background:#1f7a4d!important}.warning{background:#b7791f!important}.error{background:#c53030!important}
        nav{position:sticky;top:0;z-index:2;background:#fff;border-bottom:1px solid #dde1e7;padding:8px 24px;display:flex;gap:16px}
        nav a{color:#2b6cb0;text-decoration:none;font-weight:600}
        section{margin:16px 24px;padding:16px;background:#fff;border:1px solid #dde1e7;border-radius:8px}
        section h2{margin:0 0 12px;font-size:17px}
        table.grid{border-collapse:collapse;width:100%;font-size:13px}table.grid th,table.grid td{text-align:left;padding:4px 8px;border-bottom:1px solid #edf0f4;vertical-align:top}
        table.grid th{background:#f1f3f6}code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace}
        .state{font-weight:600}.muted{color:#6b7585}
        #diagram-wrap{position:relative;height:70vh;border:1px solid #dde1e7;border-radius:6px;overflow:hidden;background:#fbfcfd;cursor:grab}
        #diagram{width:100%;height:100%;display:block}.toolbar{display:flex;gap:8px;margin-bottom:8px;align-items:center}
        .toolbar input{flex:1;max-width:360px;padding:6px 10px;border:1px solid #c8ced8;border-radius:6px}
        .toolbar button{padding:6px 12px;border:1px solid #c8ced8;border-radius:6px;background:#fff;cursor:pointer}
        .frame rect{fill:#eef2f7;stroke:#c8d1dd;stroke-dasharray:4 3}.frame text{font-size:13px;font-weight:700;fill:#5a6678}
        .box rect.body{fill:#fff;stroke:#8797ad}.box rect.head{fill:#2c5282}.box text{font:11px ui-monospace,Menlo,monospace;fill:#1d2430}
        .box text.title{fill:#fff;font-weight:700;font-size:12px}.box text.mark{fill:#8a5a00}.box.hit rect.body{stroke:#d69e2e;stroke-width:3}
        .box.dim{opacity:.25}.edge{fill:none;stroke:#7f8ea3;stroke-width:1.3;marker-end:url(#arrow)}.edge.dim{opacity:.1}
        details.table{border-bottom:1px solid #edf0f4;padding:4px 0}details.table summary{cursor:pointer;font-weight:600}
        details.table[hidden]{display:none}.timeline{list-style:none;margin:0;padding:0 0 0 14px;border-left:2px solid #c8d1dd}
        .timeline li{margin:0 0 8px;position:relative}.timeline li:before{content:"";position:absolute;left:-20px;top:6px;width:10px;height:10px;border-radius:5px;background:#2c5282}
        .timeline li.failed:before{background:#c53030}
        """

    static let script = """
        (function(){
        var svg=document.getElementById('diagram');if(!svg){console.log('strata-report-ready tables=0 visible=0');return;}
        var full=svg.viewBox.baseVal,view={x:full.x,y:full.y,w:full.width,h:full.height};
        function apply(){svg.setAttribute('viewBox',view.x+' '+view.y+' '+view.w+' '+view.h);}
        function fit(){var r=svg.getBoundingClientRect(),s=Math.max(full.width/r.width,full.height/r.height);
          view.w=r.width*s;view.h=r.height*s;view.x=full.x-(view.w-full.width)/2;view.y=full.y-(view.h-full.height)/2;apply();}
        function zoom(f,cx,cy){var r=svg.getBoundingClientRect();cx=cx===undefined?r.width/2:cx;cy=cy===undefined?r.height/2:cy;
          var px=view.x+cx/r.width*view.w,py=view.y+cy/r.height*view.h;view.w*=f;view.h*=f;view.x=px-cx/r.width*view.w;view.y=py-cy/r.height*view.h;apply();}
        svg.addEventListener('wheel',function(e){e.preventDefault();var r=svg.getBoundingClientRect();zoom(e.deltaY>0?1.15:1/1.15,e.clientX-r.left,e.clientY-r.top);},{passive:false});
        var drag=null;svg.addEventListener('mousedown',function(e){drag={x:e.clientX,y:e.clientY};});
        window.addEventListener('mouseup',function(){drag=null;});
        window.addEventListener('mousemove',function(e){if(!drag)return;var r=svg.getBoundingClientRect();
          view.x-=(e.clientX-drag.x)/r.width*view.w;view.y-=(e.clientY-drag.y)/r.height*view.h;drag={x:e.clientX,y:e.clientY};apply();});
        document.getElementById('fit').onclick=fit;document.getElementById('zoom-in').onclick=function(){zoom(1/1.3);};
        document.getElementById('zoom-out').onclick=function(){zoom(1.3);};
        var boxes=[].slice.call(svg.querySelectorAll('g.box')),edges=[].slice.call(svg.querySelectorAll('path.edge'));
        var tables=[].slice.call(document.querySelectorAll('details.table'));
        function focus(name){var b=boxes.filter(function(g){return g.dataset.name===name;})[0];if(!b)return;var bb=b.getBBox();
          view.w=Math.max(bb.width*4,600);view.h=view.w*svg.clientHeight/svg.clientWidth;view.x=bb.x+bb.width/2-view.w/2;view.y=bb.y+bb.height/2-view.h/2;apply();
          document.getElementById('diagram-section').scrollIntoView();}
        boxes.forEach(function(b){b.addEventListener('dblclick',function(){var d=document.getElementById('table-'+b.dataset.id);if(d){d.open=true;d.scrollIntoView();}});});
        tables.forEach(function(d){var a=d.querySelector('a.show');if(a)a.onclick=function(e){e.preventDefault();focus(d.dataset.name);};});
        document.getElementById('search').addEventListener('input',function(e){var q=e.target.value.trim().toLowerCase();
          boxes.forEach(function(b){var hit=q&&b.dataset.search.indexOf(q)>=0;b.classList.toggle('hit',!!hit);b.classList.toggle('dim',!!q&&!hit);});
          edges.forEach(function(p){p.classList.toggle('dim',!!q);});
          tables.forEach(function(d){d.hidden=!!q&&d.dataset.search.indexOf(q)<0;});});
        fit();
        var frame=svg.getBoundingClientRect(),visible=boxes.filter(function(b){var r=b.getBoundingClientRect();
          return r.width>0&&r.left>=frame.left-1&&r.right<=frame.right+1&&r.top>=frame.top-1&&r.bottom<=frame.bottom+1;}).length;
        document.body.dataset.visibleTables=visible;document.body.dataset.tables=boxes.length;
        console.log('strata-report-ready tables='+boxes.length+' visible='+visible);
        })();
        """
}

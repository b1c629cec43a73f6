import { createRequire as __stackCreateRequire } from 'node:module'; const require = __stackCreateRequire(import.meta.url);
function portViews(ports){return(ports??[]).map(p=>({protocol:p.Protocol??"tcp",target:p.TargetPort??0,published:p.PublishedPort??0,mode:p.PublishMode??"ingress"}))}export{portViews};

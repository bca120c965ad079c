/** The tools, grouped, as a list of links (`#/connect/<tool>`). */
import { Link } from 'wouter';
import { TOOLS, type ToolGroup } from './snippets';

const GROUPS: ToolGroup[] = ['Agents', 'Editors', 'SDKs', 'Shell'];

export function ToolList({ active, keyQuery }: { active: string; keyQuery: string }) {
  return (
    <nav className="tool-list" aria-label="Tools">
      {GROUPS.map((group) => (
        <div key={group} className="tool-group">
          <div className="nav-group-label">{group}</div>
          <ul>
            {TOOLS.filter((tool) => tool.group === group).map((tool) => (
              <li key={tool.id}>
                <Link href={`/connect/${tool.id}${keyQuery}`} className={`tool-item ${tool.id === active ? 'is-active' : ''}`} aria-current={tool.id === active ? 'page' : undefined}>
                  {tool.label}
                </Link>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </nav>
  );
}
